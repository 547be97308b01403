/**
 * Limits of the names the library derives from the profile's (`<name>-vm`, `<network>-nad`, `<profile>-<disk>`,
 * `br-<network>`): the validator and the CRD schema both refuse a name whose derived name would not fit.
 */
import { DNS1123_LABEL_MAX_LENGTH, LINUX_IFNAME_MAX_LENGTH } from './kube-names';
import { createdNadName, defaultBridgeName, vmName } from '../plan/naming';

/** Longest generated object name (VirtualMachine, DataVolume, NAD): a DNS-1123 label. */
export const MAX_OBJECT_NAME_LENGTH = DNS1123_LABEL_MAX_LENGTH;
/** Longest profile name: `<name>-vm` must stay a 63-character name. */
export const MAX_PROFILE_NAME_LENGTH = MAX_OBJECT_NAME_LENGTH - vmName('').length;
/** Longest network name: `<network>-nad` must stay a 63-character name. */
export const MAX_NETWORK_NAME_LENGTH = MAX_OBJECT_NAME_LENGTH - createdNadName('').length;
/** Longest name of a `bridge` network without `bridgeName` whose default bridge `br-<name>` is a Linux interface name. */
export const MAX_DEFAULT_BRIDGE_NETWORK_NAME_LENGTH = LINUX_IFNAME_MAX_LENGTH - defaultBridgeName('').length;

/** Detail of a `bridge` network whose default bridge `bridgeName` (as the message shows it) is too long (Required). */
export function defaultBridgeTooLong(bridgeName: string): string {
  return `the default bridge name ${bridgeName} is longer than the ${LINUX_IFNAME_MAX_LENGTH} characters Linux allows; set bridgeName`;
}
