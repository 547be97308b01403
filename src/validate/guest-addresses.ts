import { IConstruct } from 'constructs';
import { FieldError } from './field-error';
import { formatIP, parseCidr } from './ip-address';
import { ValidationResult } from './validation';
import { ProfilePlan } from '../plan/profile-plan';

/** Who holds a MAC or a static address: a profile and the field. */
interface AddressHolder {
  readonly subject: string;
  readonly field: string;
}

/**
 * The guest MACs and static IPs of a whole input (a cdk8s App, or one `synthProfiles` call), across profiles:
 * a MAC used twice is an error (KubeMacPool refuses the second VM, and on one L2 segment both lose traffic), the
 * same static IP on the same network a warning (a cold standby or blue/green pair may share an address; only one
 * may run). Within one profile, validation already refuses duplicates.
 */
export class GuestAddresses {
  /** The registry of the app `scope` belongs to. */
  public static of(scope: IConstruct): GuestAddresses {
    const root = scope.node.root;
    let found = GuestAddresses.perApp.get(root);
    if (!found) {
      found = new GuestAddresses();
      GuestAddresses.perApp.set(root, found);
    }
    return found;
  }

  private static readonly perApp = new WeakMap<IConstruct, GuestAddresses>();
  private readonly macs = new Map<string, AddressHolder>();
  private readonly ips = new Map<string, AddressHolder>();

  /**
   * Registers the MACs and static addresses of `plan`'s networks (only `spec.networks[only]` when given).
   * @returns the collisions with other profiles: errors for MACs, warnings for addresses
   */
  public claim(plan: ProfilePlan, subject: string, only?: number): ValidationResult {
    const errors: FieldError[] = [];
    const warnings: FieldError[] = [];
    plan.networks.forEach((n, i) => {
      // The pod network's MAC and address live inside the pod.
      if (n.binding === 'masquerade' || (only !== undefined && i !== only)) return;
      const field = `spec.networks[${i}]`;
      const macHolder = this.macs.get(n.macAddress);
      if (macHolder && macHolder.subject !== subject) {
        errors.push({
          type: 'Duplicate',
          field: `${field}.macAddress`,
          value: n.macAddress,
          detail: `already used by ${macHolder.subject} (${macHolder.field}); MACs must be unique across the input: ` +
            'KubeMacPool refuses the second VM, and on one L2 segment both lose traffic',
        });
      } else if (!macHolder) {
        this.macs.set(n.macAddress, { subject, field });
      }
      if (n.ipConfig?.mode !== 'static' || !n.ipConfig.address) return;
      const network = n.networkName!.includes('/') ? n.networkName! : `${plan.namespace ?? ''}/${n.networkName}`;
      // `address` and every entry of `addresses`: a dual-stack twin collides on either family.
      const addresses = [{ field: `${field}.ipConfig.address`, value: n.ipConfig.address },
        ...(n.ipConfig.addresses ?? []).map((value, j) => ({ field: `${field}.ipConfig.addresses[${j}]`, value }))];
      for (const a of addresses) {
        const cidr = parseCidr(a.value);
        if (!cidr) continue;
        const key = `${network} ${formatIP(cidr.address)}`;
        const ipHolder = this.ips.get(key);
        if (ipHolder && ipHolder.subject !== subject) {
          warnings.push({
            type: 'Invalid',
            field: a.field,
            value: a.value,
            detail: `${ipHolder.subject} (${ipHolder.field}) has the same address on network ${network.replace(/^\//, '')}: ` +
              'only one of the two VMs may run at a time, or both lose traffic',
          });
        } else if (!ipHolder) {
          this.ips.set(key, { subject, field: a.field });
        }
      }
    });
    return { errors, warnings };
  }
}
