import { profileCrdManifest } from './commands/crd';
import { explain } from './commands/explain';
import { Graph, profileGraph, toDot, toMermaid } from './commands/graph';
import { deriveStatus, VirtualMachineProfileStatus } from './commands/status';
import { createdNadName, dataVolumeName, interfaceName, PROFILE_LABEL, SHARED_LABEL, stableMacAddress, vmName } from './plan/naming';
import { parseDocuments, ParsedDocuments } from './spec/profile-documents';
import { PROFILE_API_VERSION, PROFILE_KIND, VirtualMachineProfileManifest } from './spec/profile-spec';
import { ProfileSynthError, synthProfiles, toYamlStream } from './synth/synth';
import { validateProfile, ValidationResult } from './validate/validation';

/**
 * The library's functions for every language: jsii carries classes, not free functions, to Python, Java and Go.
 * In TypeScript the functions (`synthProfiles`, `validateProfile`, `deriveStatus`, ...) do the same.
 */
export class VmProfiles {
  /** `apiVersion` of a VirtualMachineProfile document (`PROFILE_API_VERSION` in TypeScript). */
  public static readonly API_VERSION = PROFILE_API_VERSION;
  /** `kind` of a VirtualMachineProfile document (`PROFILE_KIND` in TypeScript). */
  public static readonly KIND = PROFILE_KIND;
  /** The label every object of a profile carries, valued with the profile's name. */
  public static readonly PROFILE_LABEL = PROFILE_LABEL;
  /** The label of a NAD several profiles share. */
  public static readonly SHARED_LABEL = SHARED_LABEL;

  /** The VirtualMachine's name for a profile name (generated names are public API). */
  public static vmName(profileName: string): string {
    return vmName(profileName);
  }

  /** The DataVolume's name for a profile's disk. */
  public static dataVolumeName(profileName: string, diskName: string): string {
    return dataVolumeName(profileName, diskName);
  }

  /** The name of the NAD a network without `nadName` creates. */
  public static createdNadName(networkName: string): string {
    return createdNadName(networkName);
  }

  /** The guest interface name of the network at `index` (0-based). */
  public static interfaceName(index: number): string {
    return interfaceName(index);
  }

  /**
   * The stable, locally administered MAC of a network without `macAddress` (`stableMacAddress(namespace, profile,
   * network)` in TypeScript; the namespace last here, as it is optional).
   */
  public static stableMacAddress(profileName: string, networkName: string, namespace?: string): string {
    return stableMacAddress(namespace, profileName, networkName);
  }

  /**
   * `vmprofile synth`: a YAML (or JSON) stream of VirtualMachineProfile documents in, the manifests they need out.
   * @throws ProfileSynthError naming every problem of every document (kubectl-style field errors, or where the YAML
   *   does not parse); nothing is returned
   */
  public static synthYaml(text: string): string {
    const parsed = parseDocuments(text);
    if (parsed.errors.length > 0) throw new ProfileSynthError(parsed.errors);
    const inputs = parsed.documents.map((d) => ({ doc: d.value, source: `line ${d.line}` }));
    return toYamlStream(synthProfiles(inputs).manifests);
  }

  /** The documents of a YAML (or JSON) stream, or its syntax problems; never throws. */
  public static parseDocuments(text: string): ParsedDocuments {
    return parseDocuments(text);
  }

  /** Every error and warning of one profile document, kubectl-style (`spec.networks[1].vlanId: Invalid value: ...`). */
  public static validate(doc: any): ValidationResult {
    return validateProfile(doc);
  }

  /**
   * `vmprofile status`: the status the controller would write, from the profile and the objects observed in the
   * cluster (VirtualMachine, VirtualMachineInstance, DataVolumes, PVCs, NNCPs, ...).
   */
  public static deriveStatus(profile: any, objects: any[]): VirtualMachineProfileStatus {
    return deriveStatus(profile as VirtualMachineProfileManifest, objects);
  }

  /** `vmprofile crd`: the VirtualMachineProfile CustomResourceDefinition, with its schema and CEL rules. */
  public static crdManifest(): any {
    return profileCrdManifest();
  }

  /** `vmprofile explain PATH`: the documentation of one field, as `kubectl explain` prints it. */
  public static explain(path: string): string {
    return explain(path);
  }

  /** `vmprofile graph`: a Mermaid flowchart of the objects valid profile documents create and what they share. */
  public static mermaid(docs: any[]): string {
    return toMermaid(VmProfiles.graphOf(docs));
  }

  /** `vmprofile graph -o dot`: the same graph in Graphviz DOT. */
  public static dot(docs: any[]): string {
    return toDot(VmProfiles.graphOf(docs));
  }

  /** As `vmprofile graph` does: through `synthProfiles` first, so every problem of every profile is refused at once. */
  private static graphOf(docs: any[]): Graph {
    synthProfiles(docs.map((doc) => ({ doc })));
    return profileGraph(docs as VirtualMachineProfileManifest[]);
  }

  private constructor() {}
}
