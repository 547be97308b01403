import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { derivePhase, deriveStatus, GUEST_AGENT_IP_NOTE, PHASE_RULES, phaseRulesMarkdown, ProfileCondition, VirtualMachineProfileStatus } from '../src/commands/status';
import { ValidationError } from '../src/validate/validation';
import { cluster, inState, profile, READY_INFRA, RUNNING, Snapshot, statesOf } from './fixtures/status/cluster';
import { thrown } from './helpers';

const SCHEMAS = resolve(__dirname, '../../shared/schemas/jsonschema');

function status(s: Snapshot): VirtualMachineProfileStatus {
  return deriveStatus(profile(), cluster(s));
}
function condition(st: VirtualMachineProfileStatus, type: string): ProfileCondition {
  const c = st.conditions.find((x) => x.type === type);
  if (!c) throw new Error(`no ${type} condition`);
  return c;
}
/** 1-based row of PHASE_RULES that decided, as the doc table numbers them. */
function ruleRow(s: Snapshot): number {
  return derivePhase(profile(), cluster(s)).rule + 1;
}

describe('fixtures conform to the upstream schemas', () => {
  // Which schema checks which fixture: every base object, alone and in each of its states.
  const KINDS: Record<string, { schema: string; bases: string[] }> = {
    VirtualMachine: { schema: 'virtualmachine_v1.json', bases: ['vm'] },
    VirtualMachineInstance: { schema: 'virtualmachineinstance_v1.json', bases: ['vmi'] },
    DataVolume: { schema: 'datavolume_v1beta1.json', bases: ['dv-system', 'dv-data'] },
    PersistentVolumeClaim: { schema: 'persistentvolumeclaim-v1.json', bases: ['pvc-system', 'pvc-data'] },
    NodeNetworkConfigurationPolicy: { schema: 'nodenetworkconfigurationpolicy_v1.json', bases: ['nncp-management'] },
    NetworkAttachmentDefinition: { schema: 'networkattachmentdefinition_v1.json', bases: ['nad-management', 'nad-business'] },
  };
  const present = existsSync(SCHEMAS);
  if (!present) {
    console.warn(`SKIPPED conformance: ../shared not found (looked for ${SCHEMAS}); fixtures are NOT validated`);
  }
  const maybe = present ? test : test.skip;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  // Compiling the KubeVirt schemas takes a while: once per schema.
  const compiled = new Map<string, ReturnType<typeof ajv.compile>>();
  const validator = (schema: string) => {
    if (!compiled.has(schema)) compiled.set(schema, ajv.compile(JSON.parse(readFileSync(join(SCHEMAS, schema), 'utf8'))));
    return compiled.get(schema)!;
  };

  for (const [kind, { schema, bases }] of Object.entries(KINDS)) {
    const states = kind === 'NetworkAttachmentDefinition' ? [] : statesOf(kind);
    const cases = bases.flatMap((b) => [undefined, ...states]
      // Bound PVC states carry one disk's capacity each.
      .filter((s) => !(s?.endsWith('-bound') && !b.endsWith(s.replace(/-bound$/, ''))))
      .map((s) => [b, s ?? '(no status)', s] as const));
    maybe.each(cases)(`${kind} %s in state %s`, (base, _label, state) => {
      // GIVEN the fixture object in that state
      const obj = inState(base, state);
      // WHEN validated against its schema
      const validate = validator(schema);
      const ok = validate(obj);
      // THEN it conforms
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    });
  }

  maybe('the validator does reject a malformed object (negative control)', () => {
    // GIVEN a VM whose condition has a numeric status and whose printableStatus is an object
    const vm = inState('vm', 'running') as any;
    vm.status.conditions[0].status = 1;
    vm.status.printableStatus = { phase: 'Running' };
    // WHEN validated / THEN rejected
    expect(validator('virtualmachine_v1.json')(vm)).toBe(false);
  });
});

describe('phase', () => {
  test.each<[string, string, number, Snapshot]>([
    // name, phase, deciding PHASE_RULES row, snapshot
    ['nothing applied yet', 'Pending', 18, {}],
    ['only other objects (NADs, NNCP) exist', 'Pending', 18, { nads: true, nncp: 'available' }],
    ['DVs importing, VM Provisioning', 'Creating', 11, { vm: 'provisioning', dvSystem: 'importinprogress', dvData: 'importscheduled', pvcSystem: 'system-bound', pvcData: 'data-bound', nads: true }],
    ['DVs just created, VM not applied yet', 'Creating', 12, { dvSystem: 'pending', dvData: 'pending', pvcSystem: 'pending', pvcData: 'pending' }],
    ['DV PVCBound without a VM status yet', 'Creating', 12, { vm: 'new', dvSystem: 'pvcbound', dvData: 'succeeded' }],
    ['VM WaitingForVolumeBinding', 'Creating', 11, { ...READY_INFRA, vm: 'waitingforvolumebinding', vmi: 'scheduling', pvcSystem: 'pending' }],
    ['VM Starting, VMI Scheduling', 'Creating', 11, { ...READY_INFRA, vm: 'starting', vmi: 'scheduling' }],
    ['VM Running but not Ready yet (booting)', 'Creating', 11, { ...READY_INFRA, vm: 'running-booting', vmi: 'running' }],
    ['DVs WaitForFirstConsumer and a VM starting', 'Creating', 15, { vm: 'new', dvSystem: 'waitforfirstconsumer', dvData: 'pendingpopulation', pvcSystem: 'pending', pvcData: 'pending' }],
    ['VM just applied, nothing reported', 'Creating', 17, { vm: 'new' }],
    ['VMI Running and VM Ready=True', 'Running', 9, RUNNING],
    ['only the VM given: Running and Ready=True', 'Running', 10, { vm: 'running' }],
    ['live migration', 'Running', 8, { ...READY_INFRA, vm: 'migrating', vmi: 'running' }],
    ['stopped (runStrategy Halted)', 'Stopped', 13, { ...READY_INFRA, vm: 'stopped' }],
    ['stopped, WaitForFirstConsumer disks wait for a start that is not coming', 'Stopped', 13, { vm: 'stopped', dvSystem: 'waitforfirstconsumer', dvData: 'pendingpopulation', pvcSystem: 'pending', pvcData: 'pending' }],
    ['halted on creation (autoStart false), no status yet', 'Stopped', 14, { ...READY_INFRA, vm: 'halted-new' }],
    ['stopping', 'Stopped', 7, { ...READY_INFRA, vm: 'stopping', vmi: 'running' }],
    ['paused', 'Stopped', 7, { ...READY_INFRA, vm: 'paused', vmi: 'running' }],
    ['being deleted', 'Stopped', 7, { ...READY_INFRA, vm: 'terminating', vmi: 'running' }],
  ])('%s -> %s (rule %i)', (_name, phase, row, snapshot) => {
    // GIVEN the snapshot / WHEN derived
    const st = status(snapshot);
    // THEN the phase and the rule that decided it
    expect(st.phase).toBe(phase);
    expect(ruleRow(snapshot)).toBe(row);
    expect(PHASE_RULES[row - 1].phase).toBe(phase);
  });

  describe('error causes', () => {
    test.each<[string, Snapshot, number, string, string]>([
      // cause, snapshot, row, condition type that names it, text it must contain
      ['ErrImagePull', { ...READY_INFRA, vm: 'errimagepull', vmi: 'scheduling' }, 2, 'Ready', 'failed to pull and unpack image'],
      ['ImagePullBackOff', { ...READY_INFRA, vm: 'imagepullbackoff', vmi: 'scheduling' }, 2, 'Ready', 'Back-off pulling image'],
      ['CrashLoopBackOff', { ...READY_INFRA, vm: 'crashloopbackoff' }, 2, 'Ready', 'VMI does not exist'],
      ['ErrorUnschedulable', { ...READY_INFRA, vm: 'errorunschedulable', vmi: 'scheduling' }, 2, 'Ready', 'Insufficient openshift.io/business'],
      ['ErrorPvcNotFound', { ...READY_INFRA, vm: 'errorpvcnotfound', pvcData: undefined, dvData: undefined }, 2, 'VolumesBound', 'PersistentVolumeClaim web-server-01-data not found'],
      ['DataVolumeError', { ...READY_INFRA, vm: 'datavolumeerror', dvSystem: 'failed' }, 2, 'VolumesBound', 'manifest unknown'],
      ['VM condition Failure=True (printableStatus says Stopped)', { ...READY_INFRA, vm: 'failure' }, 1, 'Ready', 'VMI does not exist'],
      ['DV phase Failed before KubeVirt noticed', { ...READY_INFRA, vm: 'provisioning', dvSystem: 'failed' }, 4, 'VolumesBound', 'DataVolume web-server-01-system failed'],
      ['PVC Lost', { ...READY_INFRA, vm: 'running', vmi: 'running', pvcData: 'lost' }, 5, 'VolumesBound', 'web-server-01-data lost its volume'],
      ['VMI Failed (guest crashed)', { ...READY_INFRA, vm: 'stopped', vmi: 'failed' }, 6, 'Ready', 'VMI does not exist'],
      ['printableStatus Unknown (node unresponsive)', { ...READY_INFRA, vm: 'unknown', vmi: 'running' }, 3, 'Ready', 'not responsive'],
    ])('%s -> Error', (_cause, snapshot, row, type, text) => {
      // GIVEN the failing snapshot / WHEN derived
      const st = status(snapshot);
      // THEN Error, by the documented rule, and a condition says why
      expect(st.phase).toBe('Error');
      expect(ruleRow(snapshot)).toBe(row);
      expect(condition(st, type).message).toContain(text);
    });

    test('a future Err* printableStatus is an error too', () => {
      // GIVEN a VM with a printableStatus this library does not know
      const vm = inState('vm', 'errimagepull') as any;
      vm.status.printableStatus = 'ErrorSomethingNew';
      // WHEN derived / THEN Error
      expect(deriveStatus(profile(), [vm]).phase).toBe('Error');
    });

    test('Failure=True wins over a Running VMI', () => {
      // GIVEN a running VM that also reports Failure=True
      const vm = inState('vm', 'running') as any;
      vm.status.conditions.push({ type: 'Failure', status: 'True', reason: 'FailedCreate', message: 'x' });
      // WHEN derived / THEN Error
      expect(deriveStatus(profile(), [vm, ...cluster({ ...READY_INFRA, vmi: 'running' })]).phase).toBe('Error');
    });
  });
});

describe("transitions of the spec's diagram", () => {
  // Each sequence is a series of cluster snapshots as `kubectl get` would show them over time.
  const phases = (snapshots: Snapshot[]) => snapshots.map((s) => status(s).phase);

  test('Pending -> Creating -> Running', () => {
    // GIVEN nothing, then the DVs importing, then the VM starting, then running
    const seq: Snapshot[] = [
      {},
      { nads: true, nncp: 'progressing', dvSystem: 'pending', dvData: 'pending', pvcSystem: 'pending', pvcData: 'pending' },
      { nads: true, nncp: 'available', vm: 'provisioning', dvSystem: 'importinprogress', dvData: 'succeeded', pvcSystem: 'system-bound', pvcData: 'data-bound' },
      { ...READY_INFRA, vm: 'starting', vmi: 'scheduling' },
      RUNNING,
    ];
    // WHEN derived / THEN
    expect(phases(seq)).toEqual(['Pending', 'Creating', 'Creating', 'Creating', 'Running']);
  });

  test('Pending -> Stopped (autoStart false, no disks to import)', () => {
    expect(phases([{}, { ...READY_INFRA, vm: 'halted-new' }, { ...READY_INFRA, vm: 'stopped' }])).toEqual(['Pending', 'Stopped', 'Stopped']);
  });

  test('Creating -> Stopped (autoStart false: imports finish, the VM stays off)', () => {
    const seq: Snapshot[] = [
      { ...READY_INFRA, vm: 'halted-new', dvSystem: 'importinprogress' },
      { ...READY_INFRA, vm: 'stopped' },
    ];
    expect(phases(seq)).toEqual(['Creating', 'Stopped']);
  });

  test('Running -> Stopped (virtctl stop)', () => {
    const seq: Snapshot[] = [RUNNING, { ...READY_INFRA, vm: 'stopping', vmi: 'running' }, { ...READY_INFRA, vm: 'stopped' }];
    expect(phases(seq)).toEqual(['Running', 'Stopped', 'Stopped']);
  });

  test('Stopped -> Error (a start that cannot be scheduled)', () => {
    const seq: Snapshot[] = [{ ...READY_INFRA, vm: 'stopped' }, { ...READY_INFRA, vm: 'errorunschedulable', vmi: 'scheduling' }];
    expect(phases(seq)).toEqual(['Stopped', 'Error']);
  });

  test('Creating -> Error (the import fails)', () => {
    const seq: Snapshot[] = [
      { ...READY_INFRA, vm: 'provisioning', dvSystem: 'importinprogress' },
      { ...READY_INFRA, vm: 'provisioning', dvSystem: 'failed' },
      { ...READY_INFRA, vm: 'datavolumeerror', dvSystem: 'failed' },
    ];
    expect(phases(seq)).toEqual(['Creating', 'Error', 'Error']);
  });

  test('Pending -> Error (the VMI is refused right away)', () => {
    expect(phases([{}, { ...READY_INFRA, vm: 'failure' }])).toEqual(['Pending', 'Error']);
  });

  test('Running -> Error (the guest crash-loops)', () => {
    expect(phases([RUNNING, { ...READY_INFRA, vm: 'crashloopbackoff' }])).toEqual(['Running', 'Error']);
  });

  test('Error -> Running once fixed (the image becomes pullable)', () => {
    expect(phases([{ ...READY_INFRA, vm: 'errimagepull', vmi: 'scheduling' }, RUNNING])).toEqual(['Error', 'Running']);
  });
});

describe('a running profile', () => {
  test('matches the status shape of the spec', () => {
    // GIVEN every object healthy, guest agent running
    // WHEN derived
    const st = status(RUNNING);
    // THEN every documented field is filled as the spec's example shows
    expect(st).toStrictEqual({
      phase: 'Running',
      vmName: 'web-server-01-vm',
      nodeName: 'worker-node-01',
      conditions: [
        { type: 'Ready', status: 'True', lastTransitionTime: '2024-01-01T00:03:12Z', reason: 'VMRunning', message: 'Virtual machine is running' },
        { type: 'NetworksConfigured', status: 'True', lastTransitionTime: '2024-01-01T00:00:41Z', reason: 'NetworksConfigured', message: 'all 2 networks attached' },
        { type: 'VolumesBound', status: 'True', lastTransitionTime: '2024-01-01T00:00:20Z', reason: 'AllVolumesBound', message: 'all 2 volumes bound' },
      ],
      networks: [
        { name: 'management', interface: 'eth0', ipAddress: '192.168.100.10', macAddress: '02:5a:3c:91:0e:17', nadName: 'management-nad' },
        { name: 'business', interface: 'eth1', ipAddress: '192.168.200.50', macAddress: 'aa:bb:cc:dd:ee:01', nadName: 'business-sriov-nad' },
      ],
      volumes: [
        { name: 'system', pvcName: 'web-server-01-system', bound: true, size: '80Gi' },
        { name: 'data', pvcName: 'web-server-01-data', bound: true, size: '500Gi' },
      ],
    });
  });

  test('without the guest agent: no IPs, eth<i> names, MACs from the VMI, and a note why', () => {
    // GIVEN a running VMI whose guest has no qemu-guest-agent
    const st = status({ ...RUNNING, vmi: 'running-no-agent' });
    // THEN addresses are left out, names come from the network order
    expect(st.networks.map((n) => [n.interface, n.ipAddress, n.macAddress])).toEqual([
      ['eth0', undefined, '02:5a:3c:91:0e:17'],
      ['eth1', undefined, 'aa:bb:cc:dd:ee:01'],
    ]);
    expect(st.networks.every((n) => !('ipAddress' in n))).toBe(true);
    // AND NetworksConfigured stays True but says why the IPs are missing
    const nc = condition(st, 'NetworksConfigured');
    expect(nc.status).toBe('True');
    expect(nc.message).toContain(`no IP address for management, business: ${GUEST_AGENT_IP_NOTE}`);
  });

  test('an IP the guest agent did not report is left out even if present', () => {
    // GIVEN an interface with an address from another source (no guest-agent in infoSource)
    const vmi = inState('vmi', 'running-no-agent') as any;
    vmi.status.interfaces[0].ipAddress = '10.128.0.7';
    // WHEN derived / THEN not reported
    const st = deriveStatus(profile(), [...cluster({ ...READY_INFRA, vm: 'running' }), vmi]);
    expect(st.networks[0].ipAddress).toBeUndefined();
  });

  test('a stopped VM: MACs from the VM spec where set, no node, Ready copied', () => {
    // GIVEN a stopped VM (no VMI)
    const st = status({ ...READY_INFRA, vm: 'stopped' });
    // THEN
    expect(st.nodeName).toBeUndefined();
    expect('nodeName' in st).toBe(false);
    expect(st.networks).toEqual([
      { name: 'management', interface: 'eth0', macAddress: '02:5a:3c:91:0e:17', nadName: 'management-nad' },
      { name: 'business', interface: 'eth1', nadName: 'business-sriov-nad' },
    ]);
    expect(condition(st, 'Ready')).toEqual({
      type: 'Ready', status: 'False', lastTransitionTime: '2024-01-01T02:00:05Z', reason: 'VMINotExists', message: 'VMI does not exist',
    });
  });
});

describe('conditions', () => {
  test('Ready without a VM names the missing VM and has no time', () => {
    const ready = condition(status({}), 'Ready');
    expect(ready).toEqual({ type: 'Ready', status: 'False', reason: 'VirtualMachineNotFound', message: 'VirtualMachine web-server-01-vm not found' });
  });

  test('Ready is Unknown while the VM reports no Ready condition', () => {
    const ready = condition(status({ vm: 'new' }), 'Ready');
    expect([ready.status, ready.reason]).toEqual(['Unknown', 'NoReadyCondition']);
  });

  test.each<[string, Snapshot, string, string, string]>([
    ['a NAD missing', { ...RUNNING, nads: false }, 'False', 'NetworkAttachmentDefinitionMissing', 'NetworkAttachmentDefinition not found: management-nad, business-sriov-nad'],
    ['the NNCP progressing', { ...RUNNING, nncp: 'progressing' }, 'False', 'NodeNetworkProgressing', 'NodeNetworkConfigurationPolicy web-server-01-management is not Available (still progressing)'],
    ['the NNCP degraded', { ...RUNNING, nncp: 'degraded' }, 'False', 'NodeNetworkDegraded', 'web-server-01-management is Degraded: 1/3 nodes failed to configure'],
    ['no NNCP given for a nodeNetwork network', { ...RUNNING, nncp: undefined }, 'Unknown', 'NodeNetworkPolicyNotGiven', 'no NodeNetworkConfigurationPolicy given for management'],
    ['an interface missing from the VMI', { ...RUNNING, vmi: 'running-missing-interface' }, 'False', 'InterfacesMissing', 'VirtualMachineInstance reports no interface for business'],
    ['no VMI (stopped)', { ...READY_INFRA, vm: 'stopped' }, 'Unknown', 'VirtualMachineInstanceNotFound', 'interfaces are known only while the VM runs'],
  ])('NetworksConfigured with %s', (_name, snapshot, st, reason, message) => {
    // GIVEN the snapshot / WHEN derived
    const nc = condition(status(snapshot), 'NetworksConfigured');
    // THEN it says what is missing, without inventing a time
    expect([nc.status, nc.reason]).toEqual([st, reason]);
    expect(nc.message).toContain(message);
    expect(nc.lastTransitionTime).toBeUndefined();
  });

  test('NetworksConfigured lists every problem, the first one names the reason', () => {
    const nc = condition(status({ ...RUNNING, nads: false, nncp: 'degraded', vmi: 'running-missing-interface' }), 'NetworksConfigured');
    expect(nc.reason).toBe('NetworkAttachmentDefinitionMissing');
    expect(nc.message.split('; ')).toEqual([
      'NetworkAttachmentDefinition not found: management-nad, business-sriov-nad',
      'NodeNetworkConfigurationPolicy web-server-01-management is Degraded: 1/3 nodes failed to configure',
      'VirtualMachineInstance reports no interface for business',
      `no IP address for business: ${GUEST_AGENT_IP_NOTE}`,
    ]);
  });

  test.each<[string, Snapshot, string, string]>([
    ['a DV importing', { ...RUNNING, dvSystem: 'importinprogress' }, 'DataVolumeNotReady', 'DataVolume web-server-01-system is ImportInProgress (45.20%)'],
    ['a DV waiting for its consumer', { ...RUNNING, dvData: 'waitforfirstconsumer', pvcData: 'pending' }, 'WaitingForFirstConsumer', 'DataVolume web-server-01-data is WaitForFirstConsumer'],
    ['a PVC pending', { ...RUNNING, pvcSystem: 'pending' }, 'ClaimPending', 'PersistentVolumeClaim web-server-01-system is Pending'],
    ['a PVC missing', { ...RUNNING, pvcData: undefined }, 'ClaimNotFound', 'PersistentVolumeClaim web-server-01-data not found'],
    ['a DV failed', { ...RUNNING, dvSystem: 'failed' }, 'DataVolumeFailed', 'DataVolume web-server-01-system failed: Unable to process data'],
  ])('VolumesBound with %s', (_name, snapshot, reason, message) => {
    const vb = condition(status(snapshot), 'VolumesBound');
    expect([vb.status, vb.reason]).toEqual(['False', reason]);
    expect(vb.message).toContain(message);
  });

  test('VolumesBound accepts a garbage-collected DV when its PVC is bound', () => {
    // GIVEN CDI removed the succeeded DVs (dataVolumeTTLSeconds), the PVCs remain
    const vb = condition(status({ ...RUNNING, dvSystem: undefined, dvData: undefined }), 'VolumesBound');
    // THEN bound, but no DV condition to take a time from
    expect([vb.status, vb.reason, vb.lastTransitionTime]).toEqual(['True', 'AllVolumesBound', undefined]);
  });

  test('volumes[] of unbound claims: bound false, no size', () => {
    const st = status({ dvSystem: 'pending', pvcSystem: 'pending' });
    expect(st.volumes).toEqual([
      { name: 'system', pvcName: 'web-server-01-system', bound: false },
      { name: 'data', pvcName: 'web-server-01-data', bound: false },
    ]);
  });
});

describe('matching and robustness', () => {
  test('objects of other namespaces, other names and other kinds are ignored', () => {
    // GIVEN the running objects moved to another namespace, plus foreign objects
    const moved = cluster(RUNNING).map((o: any) => ({ ...o, metadata: { ...o.metadata, namespace: o.metadata.namespace ? 'staging' : undefined } }));
    const foreign = [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web-server-01-vm', namespace: 'production' } },
      { ...inState('vm', 'running'), metadata: { name: 'other-vm', namespace: 'production' } }];
    // WHEN derived for the production profile
    const st = deriveStatus(profile(), [...moved, ...foreign]);
    // THEN only the cluster-scoped NNCP counts, the rest is as if absent
    expect(st.phase).toBe('Pending');
    expect(condition(st, 'NetworksConfigured').message).toContain('NetworkAttachmentDefinition not found');
  });

  test('odd objects never throw', () => {
    const odd: unknown[] = [null, undefined, 42, 'x', [], {}, { kind: 'VirtualMachine' }, { kind: 'VirtualMachine', metadata: null },
      { kind: 'VirtualMachine', metadata: { name: 'web-server-01-vm', namespace: 'production' }, status: { conditions: 'nope', printableStatus: 7 } },
      { kind: 'VirtualMachineInstance', metadata: { name: 'web-server-01-vm', namespace: 'production' }, status: { interfaces: [null, 3, { name: 'management', mac: 5 }] } },
      { kind: 'DataVolume', metadata: { name: 'web-server-01-system', namespace: 'production' }, status: { phase: null } },
      { kind: 'List', items: 'no' }];
    expect(() => deriveStatus(profile(), odd)).not.toThrow();
    expect(deriveStatus(profile(), odd).phase).toBe('Creating');
  });

  test('a profile document without spec has no networks or volumes', () => {
    const bare = { apiVersion: 'vm.example.com/v1alpha1', kind: 'VirtualMachineProfile', metadata: { name: 'web-server-01' } } as any;
    const st = deriveStatus(bare, cluster(RUNNING));
    expect([st.networks, st.volumes]).toEqual([[], []]);
  });

  test('kind: List is flattened; object order does not matter', () => {
    const objects = cluster(RUNNING);
    const asList = [{ apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items: [...objects].reverse() }];
    expect(deriveStatus(profile(), asList)).toEqual(deriveStatus(profile(), objects));
  });

  test('without a profile namespace the VM decides the namespace', () => {
    const p = profile() as any;
    delete p.metadata.namespace;
    const st = deriveStatus(p, cluster(RUNNING));
    expect(st.phase).toBe('Running');
  });

  test('a nadName in another namespace is looked up there', () => {
    // GIVEN the business NAD referenced as shared/business-sriov-nad and living in shared
    const p = profile() as any;
    p.spec.networks[1].nadName = 'shared/business-sriov-nad';
    const objects = cluster(RUNNING).map((o: any) => o.metadata.name === 'business-sriov-nad' ? { ...o, metadata: { ...o.metadata, namespace: 'shared' } } : o);
    // WHEN derived / THEN found, and reported as referenced
    const st = deriveStatus(p, objects);
    expect(condition(st, 'NetworksConfigured').status).toBe('True');
    expect(st.networks[1].nadName).toBe('shared/business-sriov-nad');
  });

  test('never reads the clock', () => {
    // GIVEN two different "now"s
    jest.useFakeTimers({ now: new Date('2030-06-01T00:00:00Z') });
    const a = deriveStatus(profile(), cluster({ vm: 'new' }));
    jest.setSystemTime(new Date('2031-01-01T00:00:00Z'));
    const b = deriveStatus(profile(), cluster({ vm: 'new' }));
    jest.useRealTimers();
    // THEN same output and no time from either
    expect(a).toEqual(b);
    expect(JSON.stringify(a)).not.toMatch(/203[01]-/);
  });
});

describe('PHASE_RULES', () => {
  test('the module comment shows exactly the exported table', () => {
    // GIVEN the source of src/commands/status.ts
    const source = readFileSync(resolve(__dirname, '../src/commands/status.ts'), 'utf8');
    // THEN its doc table is phaseRulesMarkdown(), line for line
    const table = phaseRulesMarkdown().trimEnd().split('\n').map((l) => ` * ${l}`).join('\n');
    expect(source).toContain(table);
  });

  test('ends with catch-all rules so every snapshot gets a phase', () => {
    const last2 = PHASE_RULES.slice(-2).map((r) => r.tests.map((t) => `${t.source}:${t.values}`).join());
    expect(last2).toEqual(['objects:found', 'objects:none']);
  });

  test('covers the five documented phases', () => {
    expect(new Set(PHASE_RULES.map((r) => r.phase))).toEqual(new Set(['Pending', 'Creating', 'Running', 'Stopped', 'Error']));
  });
});

describe('deriveStatus and derivePhase answer bad JavaScript input with our ValidationError', () => {
  const doc = { metadata: { name: 'web', namespace: 'prod' }, spec: {} } as any;

  test.each([
    ['deriveStatus(profile, null)', () => deriveStatus(doc, null as any), ['objects']],
    ['deriveStatus(null, null)', () => deriveStatus(null as any, null as any), ['profile', 'objects']],
    ['deriveStatus({}, [])', () => deriveStatus({} as any, []), ['profile.metadata.name']],
    ['derivePhase(profile, "x")', () => derivePhase(doc, 'x' as any), ['objects']],
  ])('fails: %s names every bad argument', (_name, run, fields) => {
    const error = thrown(run);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors.map((e) => e.field)).toEqual(fields);
  });

  test('fails: a throwing getter in the objects is our ValidationError', () => {
    // GIVEN a cluster object whose kind getter throws WHEN a status is derived THEN our error, naming the cause
    const objects = [{ get kind(): never { throw new TypeError('kind boom'); } }];
    const error = thrown(() => deriveStatus(doc, objects));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toBe('Invalid value: could not read the input: kind boom');
  });

  test('GIVEN a sparse objects array WHEN a status is derived THEN the holes are skipped', () => {
    const objects: unknown[] = [];
    objects[3] = { kind: 'VirtualMachine', metadata: { name: 'web-vm', namespace: 'prod' } };
    expect(deriveStatus(doc, objects).vmName).toBe('web-vm');
  });
});
