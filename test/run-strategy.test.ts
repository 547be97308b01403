import { resolveRunStrategy, RunStrategyConflict } from '../src/plan/run-strategy';

/** Expected conflict on spec.startStrategy.runStrategy when it contradicts restartPolicy (docs/run-strategy.md). */
function contradicts(runStrategy: string, restartPolicy: string): RunStrategyConflict {
  const needs: Record<string, string> = {
    Always: '"Always"',
    OnFailure: '"RerunOnFailure"',
    Never: '"Manual" or none',
  };
  return {
    field: 'spec.startStrategy.runStrategy',
    value: runStrategy,
    detail: `contradicts spec.highAvailability.restartPolicy "${restartPolicy}", which needs runStrategy ${needs[restartPolicy]}`,
  };
}

const MANUAL_AUTOSTART: RunStrategyConflict = {
  field: 'spec.startStrategy.autoStart',
  value: true,
  detail: 'runStrategy "Manual" never starts the VM on creation: set autoStart to false or choose "Always" or "RerunOnFailure"',
};

type Row = [restartPolicy: string | undefined, runStrategy: string | undefined, autoStart: boolean | undefined,
  expected: string, conflicts: RunStrategyConflict[]];

/**
 * Every restartPolicy × runStrategy × autoStart combination (4 × 4 × 3 = 48), written out from the table in docs/run-strategy.md
 * rather than computed, so a change of the resolution rules must change this table.
 */
const TABLE: Row[] = [
  // restartPolicy unset
  [undefined, undefined, undefined, 'Always', []],
  [undefined, undefined, true, 'Always', []],
  [undefined, undefined, false, 'Halted', []],
  [undefined, 'Always', undefined, 'Always', []],
  [undefined, 'Always', true, 'Always', []],
  [undefined, 'Always', false, 'Halted', []],
  [undefined, 'RerunOnFailure', undefined, 'RerunOnFailure', []],
  [undefined, 'RerunOnFailure', true, 'RerunOnFailure', []],
  [undefined, 'RerunOnFailure', false, 'Halted', []],
  [undefined, 'Manual', undefined, 'Manual', []],
  [undefined, 'Manual', true, 'Manual', [MANUAL_AUTOSTART]],
  [undefined, 'Manual', false, 'Manual', []],
  // restartPolicy Always
  ['Always', undefined, undefined, 'Always', []],
  ['Always', undefined, true, 'Always', []],
  ['Always', undefined, false, 'Halted', []],
  ['Always', 'Always', undefined, 'Always', []],
  ['Always', 'Always', true, 'Always', []],
  ['Always', 'Always', false, 'Halted', []],
  ['Always', 'RerunOnFailure', undefined, 'RerunOnFailure', [contradicts('RerunOnFailure', 'Always')]],
  ['Always', 'RerunOnFailure', true, 'RerunOnFailure', [contradicts('RerunOnFailure', 'Always')]],
  ['Always', 'RerunOnFailure', false, 'Halted', [contradicts('RerunOnFailure', 'Always')]],
  ['Always', 'Manual', undefined, 'Manual', [contradicts('Manual', 'Always')]],
  ['Always', 'Manual', true, 'Manual', [contradicts('Manual', 'Always'), MANUAL_AUTOSTART]],
  ['Always', 'Manual', false, 'Manual', [contradicts('Manual', 'Always')]],
  // restartPolicy OnFailure
  ['OnFailure', undefined, undefined, 'RerunOnFailure', []],
  ['OnFailure', undefined, true, 'RerunOnFailure', []],
  ['OnFailure', undefined, false, 'Halted', []],
  ['OnFailure', 'Always', undefined, 'Always', [contradicts('Always', 'OnFailure')]],
  ['OnFailure', 'Always', true, 'Always', [contradicts('Always', 'OnFailure')]],
  ['OnFailure', 'Always', false, 'Halted', [contradicts('Always', 'OnFailure')]],
  ['OnFailure', 'RerunOnFailure', undefined, 'RerunOnFailure', []],
  ['OnFailure', 'RerunOnFailure', true, 'RerunOnFailure', []],
  ['OnFailure', 'RerunOnFailure', false, 'Halted', []],
  ['OnFailure', 'Manual', undefined, 'Manual', [contradicts('Manual', 'OnFailure')]],
  ['OnFailure', 'Manual', true, 'Manual', [contradicts('Manual', 'OnFailure'), MANUAL_AUTOSTART]],
  ['OnFailure', 'Manual', false, 'Manual', [contradicts('Manual', 'OnFailure')]],
  // restartPolicy Never
  ['Never', undefined, undefined, 'Once', []],
  ['Never', undefined, true, 'Once', []],
  ['Never', undefined, false, 'Halted', []],
  ['Never', 'Always', undefined, 'Always', [contradicts('Always', 'Never')]],
  ['Never', 'Always', true, 'Always', [contradicts('Always', 'Never')]],
  ['Never', 'Always', false, 'Halted', [contradicts('Always', 'Never')]],
  ['Never', 'RerunOnFailure', undefined, 'RerunOnFailure', [contradicts('RerunOnFailure', 'Never')]],
  ['Never', 'RerunOnFailure', true, 'RerunOnFailure', [contradicts('RerunOnFailure', 'Never')]],
  ['Never', 'RerunOnFailure', false, 'Halted', [contradicts('RerunOnFailure', 'Never')]],
  ['Never', 'Manual', undefined, 'Manual', []],
  ['Never', 'Manual', true, 'Manual', [MANUAL_AUTOSTART]],
  ['Never', 'Manual', false, 'Manual', []],
];

describe('resolveRunStrategy truth table', () => {
  test('the table covers every combination once', () => {
    // GIVEN the table WHEN its inputs are listed THEN all 4 × 4 × 3 combinations appear exactly once
    const keys = new Set(TABLE.map(([r, s, a]) => `${r}|${s}|${a}`));
    expect(TABLE).toHaveLength(48);
    expect(keys.size).toBe(48);
  });

  test.each(TABLE)('restartPolicy %s, runStrategy %s, autoStart %s → %s', (restartPolicy, runStrategy, autoStart, expected, conflicts) => {
    // GIVEN restartPolicy, runStrategy and autoStart (unset fields omitted)
    const ha = restartPolicy === undefined ? {} : { restartPolicy };
    const start = {
      ...(runStrategy === undefined ? {} : { runStrategy }),
      ...(autoStart === undefined ? {} : { autoStart }),
    };
    // WHEN resolved
    const resolution = resolveRunStrategy(ha, start);
    // THEN the runStrategy and the conflicts (field, value, detail, in order) are docs/run-strategy.md's
    expect(resolution.runStrategy).toBe(expected);
    expect(resolution.conflicts).toEqual(conflicts);
  });
});

describe('resolveRunStrategy edge cases', () => {
  test('no highAvailability and no startStrategy at all resolve to Always', () => {
    // GIVEN neither object WHEN resolved THEN Always, without conflicts
    expect(resolveRunStrategy()).toEqual({ runStrategy: 'Always', conflicts: [] });
    expect(resolveRunStrategy(undefined, undefined)).toEqual({ runStrategy: 'Always', conflicts: [] });
  });

  test('highAvailability without restartPolicy does not decide the strategy', () => {
    // GIVEN HA settings unrelated to restarts WHEN resolved THEN the default Always applies
    expect(resolveRunStrategy({ antiAffinity: true }, undefined).runStrategy).toBe('Always');
  });

  test('autoStart false alone halts the VM', () => {
    // GIVEN only autoStart false WHEN resolved THEN Halted (virtctl start starts it)
    expect(resolveRunStrategy(undefined, { autoStart: false })).toEqual({ runStrategy: 'Halted', conflicts: [] });
  });

  test('the detail for Never offers Manual or unset, never Once (not a runStrategy the spec accepts)', () => {
    // GIVEN restartPolicy Never WHEN its detail is produced THEN it does not mention "Once"
    const detail = resolveRunStrategy({ restartPolicy: 'Never' }, { runStrategy: 'Always' }).conflicts[0].detail;
    expect(detail).not.toContain('Once');
  });
});
