/**
 * `spec.networks[].nodeNetwork`: the uplink, nodeSelector and totalVfs of one network, and the node networks of
 * one profile merged through the planner (one bridge per uplink, ...).
 */
import { linuxInterfaceNameErrors } from './kube-names';
import { TOTAL_VFS_SRIOV_ONLY, totalVfsProblem, UPLINK_IS_BRIDGE } from './network-rules';
import { expectInteger, expectObject, expectRequiredString, forbidden, invalid, Report, validateLabelMap, walk } from './report';
import { NodeNetworkPlanner, nodeNetworkRequests } from '../plan/node-network';
import { planProfile } from '../plan/profile-plan';
import { NetworkType, VirtualMachineProfileManifest } from '../spec/profile-spec';

export function validateNodeNetwork(r: Report, field: string, v: unknown, type: string | undefined, bridge: string | undefined): void {
  if (!expectObject(r, field, v)) return;
  walk(r, v, field, {
    uplink: (value, f) => {
      if (!expectRequiredString(r, f, value)) return;
      if (!r.invalidEach(f, value, linuxInterfaceNameErrors(value))) return;
      if (bridge !== undefined && value === bridge) r.error(invalid(f, value, UPLINK_IS_BRIDGE));
    },
    nodeSelector: (value, f) => validateLabelMap(r, f, value),
    totalVfs: (value, f) => {
      if (type !== undefined && type !== NetworkType.SRIOV) {
        r.error(forbidden(f, TOTAL_VFS_SRIOV_ONLY));
        return;
      }
      const problem = expectInteger(r, f, value) ? totalVfsProblem(value) : undefined;
      if (problem) r.error(invalid(f, value, problem));
    },
  }, ['uplink']);
}

/** One profile's node networks, through the planner that merges them app-wide (one bridge, one uplink, ...). */
export function validateNodeNetworks(r: Report, doc: VirtualMachineProfileManifest): void {
  if (!doc.spec.networks?.some((n) => n.nodeNetwork)) return;
  const planner = new NodeNetworkPlanner();
  for (const request of nodeNetworkRequests(planProfile(doc))) {
    for (const e of planner.tryAdd(request)) r.error(e);
  }
}
