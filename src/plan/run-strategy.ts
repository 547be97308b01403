import { HighAvailabilitySpec, StartStrategySpec } from '../spec/profile-spec';

/** What `highAvailability.restartPolicy` means as a KubeVirt runStrategy. */
const RESTART_POLICY_TO_RUN_STRATEGY: Record<string, string> = {
  Always: 'Always',
  OnFailure: 'RerunOnFailure',
  Never: 'Once',
};

/** runStrategy values that agree with each restartPolicy (Never also allows Manual: nothing restarts by itself). */
const COMPATIBLE: Record<string, string[]> = {
  Always: ['Always'],
  OnFailure: ['RerunOnFailure'],
  Never: ['Once', 'Manual'],
};

/** A contradiction between restartPolicy, runStrategy and autoStart. */
export interface RunStrategyConflict {
  /** Field path of the offending field. */
  readonly field: string;
  /** Its value. */
  readonly value: unknown;
  /** Why it contradicts. */
  readonly detail: string;
}

/** The resolved runStrategy, or the contradictions that prevent one. */
export interface RunStrategyResolution {
  /** KubeVirt `spec.runStrategy`: Always, RerunOnFailure, Once, Manual or Halted. */
  readonly runStrategy: string;
  /** Contradictions; empty when the inputs agree. */
  readonly conflicts: RunStrategyConflict[];
}

/**
 * Resolves restartPolicy, runStrategy and autoStart into one KubeVirt runStrategy (docs/run-strategy.md).
 * runStrategy wins when set, else restartPolicy decides, else Always; autoStart false turns it into Halted,
 * except Manual, which never starts on creation anyway. Assumes the enum values were validated.
 */
export function resolveRunStrategy(ha?: HighAvailabilitySpec, start?: StartStrategySpec): RunStrategyResolution {
  const restartPolicy = ha?.restartPolicy;
  const requested = start?.runStrategy;
  const conflicts: RunStrategyConflict[] = [];
  if (restartPolicy !== undefined && requested !== undefined && COMPATIBLE[restartPolicy] &&
      !COMPATIBLE[restartPolicy].includes(requested)) {
    conflicts.push({
      field: 'spec.startStrategy.runStrategy',
      value: requested,
      detail: `contradicts spec.highAvailability.restartPolicy "${restartPolicy}", which needs runStrategy ` +
        `${COMPATIBLE[restartPolicy].filter((s) => s !== 'Once').map((s) => `"${s}"`).join(' or ')}${restartPolicy === 'Never' ? ' or none' : ''}`,
    });
  }
  const base = requested ?? (restartPolicy !== undefined ? RESTART_POLICY_TO_RUN_STRATEGY[restartPolicy] : undefined) ?? 'Always';
  if (base === 'Manual' && start?.autoStart === true) {
    conflicts.push({
      field: 'spec.startStrategy.autoStart',
      value: true,
      detail: 'runStrategy "Manual" never starts the VM on creation: set autoStart to false or choose "Always" or "RerunOnFailure"',
    });
  }
  const runStrategy = start?.autoStart === false && base !== 'Manual' ? 'Halted' : base;
  return { runStrategy, conflicts };
}
