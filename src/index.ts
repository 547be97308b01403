// The public API, by pipeline stage. Everything else under src/ is internal.
import type { Graph as _Graph } from './commands/graph';
import type { KubeApiOptions as _KubeApiOptions } from './controller/kube-api';
import { ProfileController as _ProfileController } from './controller/profile-controller';
import type { ProfileControllerOptions as _ProfileControllerOptions } from './controller/profile-controller';
import { NodeNetworkConflictError as _NodeNetworkConflictError } from './plan/node-network';
import { ProfileSynthError as _ProfileSynthError } from './synth/synth';
import type { ProfileInput as _ProfileInput, SynthOptions as _SynthOptions, SynthResult as _SynthResult } from './synth/synth';
import { ValidationError as _ValidationError } from './validate/field-error';

// The spec: one type for TypeScript props and YAML documents.
export {
  PROFILE_GROUP, PROFILE_VERSION, PROFILE_API_VERSION, PROFILE_KIND,
  NetworkType, IpMode, RestartPolicy, AntiAffinityMode, RunStrategy, Bootloader, InstancetypeKind, PreferenceKind,
} from './spec/profile-spec';
export type {
  ProfileMetadata, IpConfigSpec, NodeNetworkSpec, NetworkSpec, DiskCloneSourceSpec, DiskSpec, Toleration, HighAvailabilitySpec,
  FirmwareSpec, TpmSpec, ComputeSpec, PassthroughDeviceSpec, InstancetypeRefSpec, PreferenceRefSpec, SysprepSpec, PodServiceSpec,
  PodPortSpec, StartStrategySpec, VirtualMachineProfileSpec, VirtualMachineProfileManifest,
} from './spec/profile-spec';
export { parseDocuments } from './spec/profile-documents';
export type { SourceDocument, ParsedDocuments } from './spec/profile-documents';

// Validation.
export { validateProfile, assertValidProfile } from './validate/validation';
export type { ValidationResult } from './validate/validation';
export { formatFieldError } from './validate/field-error';
export type { FieldError, FieldErrorType } from './validate/field-error';

// Planning: the generated names are public API.
export { PROFILE_LABEL, SHARED_LABEL, vmName, dataVolumeName, createdNadName, interfaceName, stableMacAddress } from './plan/naming';

// The constructs.
export { VirtualMachineProfile } from './constructs/virtual-machine-profile';
export type { VirtualMachineProfileProps, AddDiskOptions, NetworkAttachmentOptions } from './constructs/virtual-machine-profile';
export { VmNetwork } from './constructs/vm-network';
export type { IVmNetwork, VmNetworkProps, ImportedVmNetworkOptions } from './constructs/vm-network';
export { VmDisk } from './constructs/vm-disk';
export type { IVmDisk, VmDiskProps, ImportedVmDiskOptions } from './constructs/vm-disk';
export { VirtualMachineProfileController } from './constructs/virtual-machine-profile-controller';
export type { VirtualMachineProfileControllerProps } from './constructs/virtual-machine-profile-controller';
export { VirtualMachineProfileCrd, profileCrdManifest, profileOpenApiSchema } from './commands/crd';

// Synthesis without a construct tree, and YAML.
export { synthProfiles, synthApp, synthAppYaml, toYamlStream } from './synth/synth';

// The commands' engines.
export { deriveStatus, derivePhase, ProfilePhase, ProfileConditionType } from './commands/status';
export type { VirtualMachineProfileStatus, ProfileCondition, NetworkStatus, VolumeStatus, PhaseDecision } from './commands/status';
export { explain, fieldReferenceMarkdown } from './commands/explain';
export type { ExplainOptions } from './commands/explain';
export { profileGraph, toMermaid, toDot } from './commands/graph';

export { FIELD_MANAGER, RUN_STRATEGY_ANNOTATION } from './controller/desired-state';

// TypeScript and JavaScript only: jsii has no error classes, callbacks or promises in properties, so these are values
// and type aliases, which jsii leaves out (other languages see errors as plain exceptions with the same message).
/** Thrown for an invalid profile or construct argument; `errors` lists every problem. */
export const ValidationError = _ValidationError;
export type ValidationError = _ValidationError;
/** Thrown by `synthProfiles`: every problem of every input. */
export const ProfileSynthError = _ProfileSynthError;
export type ProfileSynthError = _ProfileSynthError;
/** Thrown when two profiles need one node network configured two ways. */
export const NodeNetworkConflictError = _NodeNetworkConflictError;
export type NodeNetworkConflictError = _NodeNetworkConflictError;
/** The controller (`vmprofile controller`) embedded in a Node.js program. */
export const ProfileController = _ProfileController;
export type ProfileController = _ProfileController;
export type ProfileControllerOptions = _ProfileControllerOptions;
export type KubeApiOptions = _KubeApiOptions;
export type ProfileInput = _ProfileInput;
export type SynthOptions = _SynthOptions;
export type SynthResult = _SynthResult;
export type Graph = _Graph;

// The functions above for Python, Java and Go (jsii carries classes only).
export { VmProfiles } from './vm-profiles';
