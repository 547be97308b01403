import { ProfileCondition, ProfileConditionType, ProfilePhase, VirtualMachineProfileStatus } from '../commands/status';

/** The condition the controller adds while KubeVirt says the VM must restart to pick up a change. */
const RESTART_REQUIRED_CONDITION = 'RestartRequired';

/** Why a profile cannot be applied as it is. */
export interface ProfileProblem {
  /** The `Ready` condition's reason, e.g. `InvalidSpec`, `NetworkConflict` or `ApplyFailed`. */
  readonly reason: string;
  /** One line per problem, field paths included. */
  readonly messages: readonly string[];
}

/** Conditions of a profile whose spec is refused: phase `Error`, `Ready=False` with the reason and messages. */
export function problemStatus(vmName: string, problem: ProfileProblem, derived?: VirtualMachineProfileStatus): VirtualMachineProfileStatus {
  const message = problem.messages.join('; ');
  const unknown = (type: string): ProfileCondition => ({ type, status: 'Unknown', reason: problem.reason, message });
  const conditions = derived
    ? derived.conditions.map((c) => (c.type === ProfileConditionType.READY ? { type: c.type, status: 'False', reason: problem.reason, message } : c))
    : [
      { type: ProfileConditionType.READY, status: 'False', reason: problem.reason, message },
      unknown(ProfileConditionType.NETWORKS_CONFIGURED),
      unknown(ProfileConditionType.VOLUMES_BOUND),
    ];
  return {
    phase: ProfilePhase.ERROR,
    vmName,
    ...(derived?.nodeName ? { nodeName: derived.nodeName } : {}),
    conditions,
    networks: derived?.networks ?? [],
    volumes: derived?.volumes ?? [],
  };
}

/** The `RestartRequired` condition KubeVirt puts on a VM whose spec changed in a way a running guest cannot take. */
export function restartRequired(vm: any): ProfileCondition | undefined {
  const c = (vm?.status?.conditions ?? []).find((x: any) => x?.type === RESTART_REQUIRED_CONDITION && x?.status === 'True');
  if (!c) return undefined;
  return {
    type: RESTART_REQUIRED_CONDITION,
    status: 'True',
    ...(typeof c.lastTransitionTime === 'string' ? { lastTransitionTime: c.lastTransitionTime } : {}),
    reason: typeof c.reason === 'string' && c.reason ? c.reason : 'RestartRequired',
    message: typeof c.message === 'string' && c.message
      ? c.message : 'a change to the VM takes effect only after a restart (virtctl restart)',
  };
}

/**
 * The status to write: `next` with `observedGeneration` on it and on every condition, and each condition's
 * `lastTransitionTime` kept from `previous` while its status stays the same (Kubernetes' convention); a condition
 * that changed takes the source objects' time, else `now`.
 */
export function withTransitions(
  next: VirtualMachineProfileStatus, previous: any, generation: number | undefined, now: string): VirtualMachineProfileStatus {
  const before = new Map<string, any>();
  for (const c of Array.isArray(previous?.conditions) ? previous.conditions : []) if (c?.type) before.set(c.type, c);
  const conditions = next.conditions.map((c) => {
    const prev = before.get(c.type);
    const lastTransitionTime = prev?.status === c.status && typeof prev.lastTransitionTime === 'string'
      ? prev.lastTransitionTime : c.lastTransitionTime ?? now;
    return {
      type: c.type,
      status: c.status,
      ...(generation !== undefined ? { observedGeneration: generation } : {}),
      lastTransitionTime,
      reason: c.reason,
      message: c.message,
    };
  });
  return {
    phase: next.phase,
    vmName: next.vmName,
    ...(generation !== undefined ? { observedGeneration: generation } : {}),
    ...(next.nodeName !== undefined ? { nodeName: next.nodeName } : {}),
    conditions,
    networks: next.networks,
    volumes: next.volumes,
  };
}

/** True when two statuses say the same (key order ignored). */
export function sameStatus(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v));
}
