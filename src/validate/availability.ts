/**
 * `spec.highAvailability` (restart policy, anti-affinity, nodeSelector, tolerations) and `spec.startStrategy`,
 * and what a node drain does to the VM (the eviction strategy the library chose).
 */
import { Context } from './context';
import { goQuote } from './field-error';
import { labelValueErrors, qualifiedNameErrors } from './kube-names';
import {
  expectArray, expectBool, expectEnum, expectInteger, expectNonEmptyString, expectObject, expectString, has, invalid, notSupported, Obj, peekBool,
  peekEnum, peekString, Report, required, validateLabelMap, walk,
} from './report';
import { EMPTY_TOLERATION_KEY } from './vm-rules';
import { assessMigration, EvictionStrategy, wantsAvailability } from '../plan/profile-plan';
import { resolveRunStrategy } from '../plan/run-strategy';
import { AntiAffinityMode, RestartPolicy, RunStrategy, VirtualMachineProfileManifest } from '../spec/profile-spec';

const RESTART_POLICIES: readonly string[] = Object.values(RestartPolicy);

const RUN_STRATEGIES: readonly string[] = Object.values(RunStrategy);

const ANTI_AFFINITY_MODES: readonly string[] = Object.values(AntiAffinityMode);

const TOLERATION_OPERATORS: readonly string[] = ['Equal', 'Exists'];

const TAINT_EFFECTS: readonly string[] = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

function validateToleration(r: Report, field: string, v: unknown): void {
  if (!expectObject(r, field, v)) return;
  const key = peekString(v, 'key') ?? '';
  const operator = peekString(v, 'operator') ?? 'Equal';
  const effect = peekString(v, 'effect') ?? '';
  walk(r, v, field, {
    key: (value, f) => {
      if (expectString(r, f, value) && value !== '') r.invalidEach(f, value, qualifiedNameErrors(value));
    },
    operator: (value, f) => {
      if (!expectString(r, f, value) || value === '') return;
      if (!TOLERATION_OPERATORS.includes(value)) r.error(notSupported(f, value, TOLERATION_OPERATORS));
    },
    value: (value, f) => {
      if (!expectString(r, f, value)) return;
      if (operator === 'Exists' && value !== '') r.error(invalid(f, value, 'value must be empty when `operator` is \'Exists\''));
      else if (operator !== 'Exists') r.invalidEach(f, value, labelValueErrors(value));
    },
    effect: (value, f) => {
      if (expectString(r, f, value) && value !== '' && !TAINT_EFFECTS.includes(value)) r.error(notSupported(f, value, TAINT_EFFECTS));
    },
    tolerationSeconds: (value, f) => {
      if (expectInteger(r, f, value) && effect !== 'NoExecute') {
        r.error(invalid(`${field}.effect`, effect, 'effect must be \'NoExecute\' when `tolerationSeconds` is set'));
      }
    },
  });
  if (key === '' && operator !== 'Exists') {
    r.error(invalid(`${field}.operator`, operator, EMPTY_TOLERATION_KEY));
  }
}

export function validateHighAvailability(r: Report, field: string, v: unknown, ctx: Context): void {
  if (!expectObject(r, field, v)) return;
  const antiAffinity = peekBool(v, 'antiAffinity') === true;
  const ignoredWithoutAntiAffinity = (f: string, value: unknown): void => {
    if (!antiAffinity) r.warn(invalid(f, value, 'ignored: spec.highAvailability.antiAffinity is not true'));
  };
  walk(r, v, field, {
    restartPolicy: (value, f) => {
      expectEnum(r, f, value, RESTART_POLICIES);
    },
    antiAffinity: (value, f) => {
      expectBool(r, f, value);
    },
    antiAffinityGroup: (value, f) => {
      if (expectNonEmptyString(r, f, value)) r.invalidEach(f, value, labelValueErrors(value));
      ignoredWithoutAntiAffinity(f, value);
    },
    antiAffinityMode: (value, f) => {
      if (expectEnum(r, f, value, ANTI_AFFINITY_MODES)) ignoredWithoutAntiAffinity(f, value);
    },
    antiAffinityTopologyKey: (value, f) => {
      if (expectNonEmptyString(r, f, value) && r.invalidEach(f, value, qualifiedNameErrors(value))) ignoredWithoutAntiAffinity(f, value);
    },
    nodeSelector: (value, f) => validateLabelMap(r, f, value),
    tolerations: (value, f) => {
      if (expectArray(r, f, value)) value.forEach((t, i) => validateToleration(r, `${f}[${i}]`, t));
    },
  });
  if (antiAffinity && !has(v, 'antiAffinityGroup') && !ctx.hasAppLabel && ctx.name !== undefined) {
    r.warn(required(`${field}.antiAffinityGroup`, `without it (and without an "app" label) the group is the profile's own name ${goQuote(ctx.name)}, ` +
      'so the rule only keeps this VM away from itself and spreads nothing: give the VMs to spread one antiAffinityGroup or "app" label'));
  }
}

export function validateStartStrategy(r: Report, field: string, v: unknown, ha: Obj | undefined): void {
  if (!expectObject(r, field, v)) return;
  walk(r, v, field, {
    runStrategy: (value, f) => {
      expectEnum(r, f, value, RUN_STRATEGIES);
    },
    autoStart: (value, f) => {
      expectBool(r, f, value);
    },
  });
  const resolution = resolveRunStrategy(
    { restartPolicy: peekEnum(ha, 'restartPolicy', RESTART_POLICIES) },
    { runStrategy: peekEnum(v, 'runStrategy', RUN_STRATEGIES), autoStart: peekBool(v, 'autoStart') },
  );
  for (const c of resolution.conflicts) r.error(invalid(c.field, c.value, c.detail));
}

/**
 * What a node drain does to the VM, said once per cause: the evictionStrategy the library chose
 * ({@link assessMigration}) and what the run strategy does next. Only for profiles that ask for availability.
 */
export function validateAvailability(r: Report, doc: VirtualMachineProfileManifest): void {
  if (!wantsAvailability(doc.spec)) return;
  const { evictionStrategy, blockers, unknowns } = assessMigration(doc.spec);
  const runStrategy = resolveRunStrategy(doc.spec.highAvailability, doc.spec.startStrategy).runStrategy;
  const restart = runStrategy === RunStrategy.ALWAYS
    ? 'runStrategy "Always" starts it again on another node (a reboot, not a migration)'
    : `runStrategy ${goQuote(runStrategy)} decides whether it starts again (only "Always" restarts it for certain)`;
  if (evictionStrategy === EvictionStrategy.NONE) {
    for (const b of blockers) {
      r.warn(invalid(b.field, b.value, `${b.what} cannot live-migrate, so the VM gets evictionStrategy "None": a node drain ` +
        `shuts it down instead of waiting for a migration that cannot happen, and ${restart}`));
    }
  } else if (evictionStrategy === EvictionStrategy.LIVE_MIGRATE_IF_POSSIBLE) {
    for (const u of unknowns) {
      r.warn(invalid(u.field, u.value, `${u.what} decides whether the VM can live-migrate, so it gets evictionStrategy ` +
        `"LiveMigrateIfPossible": a node drain migrates it if the volume is ReadWriteMany and otherwise shuts it down, and ${restart}; ` +
        'set accessMode: ReadWriteMany on a created disk to make migration certain'));
    }
  }
}
