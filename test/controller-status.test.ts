import { VirtualMachineProfileStatus } from '../src/commands/status';
import { problemStatus, restartRequired, sameStatus, withTransitions } from '../src/controller/controller-status';

const status = (ready: string, time?: string): VirtualMachineProfileStatus => ({
  phase: ready === 'True' ? 'Running' : 'Creating',
  vmName: 'a-vm',
  conditions: [{ type: 'Ready', status: ready, reason: 'R', message: 'm', ...(time ? { lastTransitionTime: time } : {}) }],
  networks: [],
  volumes: [],
} as VirtualMachineProfileStatus);

describe('controller status', () => {
  test('GIVEN an unchanged condition WHEN the status is written again THEN its lastTransitionTime is kept and observedGeneration set', () => {
    const first = withTransitions(status('False'), undefined, 1, '2026-12-01T10:00:00Z');
    const second = withTransitions(status('False'), first, 2, '2026-12-01T11:00:00Z');
    expect(second.conditions[0]).toEqual(expect.objectContaining({ lastTransitionTime: '2026-12-01T10:00:00Z', observedGeneration: 2 }));
    expect(second.observedGeneration).toBe(2);
  });

  test('GIVEN a condition that changed WHEN written THEN it takes the source time, else now', () => {
    const before = withTransitions(status('False'), undefined, 1, '2026-12-01T10:00:00Z');
    expect(withTransitions(status('True', '2026-12-01T10:30:00Z'), before, 1, '2026-12-01T11:00:00Z').conditions[0].lastTransitionTime)
      .toBe('2026-12-01T10:30:00Z');
    expect(withTransitions(status('True'), before, 1, '2026-12-01T11:00:00Z').conditions[0].lastTransitionTime).toBe('2026-12-01T11:00:00Z');
  });

  test('GIVEN the same status with keys in another order WHEN compared THEN it is the same; a changed message is not', () => {
    const a = withTransitions(status('False'), undefined, 1, 't');
    const reordered = JSON.parse(JSON.stringify({
      volumes: a.volumes, networks: a.networks, conditions: a.conditions, phase: a.phase, vmName: a.vmName, observedGeneration: 1,
    }));
    expect(sameStatus(a, reordered)).toBe(true);
    expect(sameStatus(a, { ...reordered, conditions: [{ ...reordered.conditions[0], message: 'other' }] })).toBe(false);
  });

  test('GIVEN a problem and no render WHEN its status is made THEN the phase is Error, Ready False with the reason, lists empty', () => {
    const s = problemStatus('a-vm', { reason: 'InvalidSpec', messages: ['spec.cpu: Invalid value: 0', 'spec.memory: Required value'] });
    expect(s.phase).toBe('Error');
    expect(s.conditions.map((c) => [c.type, c.status, c.reason])).toEqual([
      ['Ready', 'False', 'InvalidSpec'], ['NetworksConfigured', 'Unknown', 'InvalidSpec'], ['VolumesBound', 'Unknown', 'InvalidSpec'],
    ]);
    expect(s.conditions[0].message).toBe('spec.cpu: Invalid value: 0; spec.memory: Required value');
    expect([s.networks, s.volumes]).toEqual([[], []]);
  });

  test('GIVEN a VM with RestartRequired True WHEN read THEN the condition is carried over; False or absent gives none', () => {
    const vm = (s: string) => ({ status: { conditions: [{ type: 'RestartRequired', status: s, reason: 'NonLiveUpdate', message: 'cpu changed' }] } });
    expect(restartRequired(vm('True'))).toEqual(expect.objectContaining({ type: 'RestartRequired', status: 'True', reason: 'NonLiveUpdate', message: 'cpu changed' }));
    expect(restartRequired(vm('False'))).toBeUndefined();
    expect(restartRequired(undefined)).toBeUndefined();
  });
});
