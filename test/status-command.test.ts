import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { CliIo } from '../src/cli/io';
import { runStatus, statusPatch } from '../src/cli/status-command';
import { VirtualMachineProfileStatus } from '../src/commands/status';
import { FIXTURES } from './fixtures/status/cluster';

/** A CliIo over in-memory files; `-` is stdin. Captures both streams. */
class FakeIo implements CliIo {
  public out = '';
  public err = '';
  public readonly stderrIsTty = false;
  constructor(private readonly files: Record<string, string>) {}
  stdout(text: string): void { this.out += text; }
  stderr(text: string): void { this.err += text; }
  readFile(path: string): string {
    const text = this.files[path];
    if (text === undefined) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
    return text;
  }
  writeFile(): void { throw new Error('status writes no files'); }
  removeFile(): void { throw new Error('status removes no files'); }
  listFiles(): undefined { return undefined; }
}

const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const FILES = {
  'profile.yaml': fixture('profile.yaml'),
  'profile-db.yaml': fixture('profile-db.yaml'),
  'running.json': fixture('kubectl-running.json'),
  'stopped.json': fixture('kubectl-stopped.json'),
  'malformed.yaml': fixture('malformed.yaml'),
};

async function run(argv: string[], files: Record<string, string> = FILES): Promise<{ code: number; io: FakeIo }> {
  const io = new FakeIo(files);
  const code = await runStatus(argv, io);
  return { code, io };
}

/** Asserts the one-line-error contract: exit 1, nothing on stdout, one line on stderr, no stack. */
function expectError(r: { code: number; io: FakeIo }, text: string): void {
  expect(r.code).toBe(1);
  expect(r.io.out).toBe('');
  expect(r.io.err).toContain(text);
  expect(r.io.err.startsWith('error: ')).toBe(true);
  expect(r.io.err.trimEnd().split('\n')).toHaveLength(1);
  expect(r.io.err).not.toMatch(/\n\s+at /);
}

describe('vmprofile status', () => {
  test('prints the status as YAML by default', async () => {
    // GIVEN a profile and the kubectl output of its running objects
    // WHEN
    const { code, io } = await run(['-f', 'profile.yaml', '--objects', 'running.json']);
    // THEN the status object, fields as the spec shows them
    expect(code).toBe(0);
    expect(io.err).toBe('');
    const st = parse(io.out) as VirtualMachineProfileStatus;
    expect(st.phase).toBe('Running');
    expect(st.vmName).toBe('web-server-01-vm');
    expect(st.nodeName).toBe('worker-node-01');
    expect(st.conditions.map((c) => `${c.type}=${c.status}`)).toEqual(['Ready=True', 'NetworksConfigured=True', 'VolumesBound=True']);
    expect(st.networks[0]).toEqual({ name: 'management', interface: 'eth0', ipAddress: '192.168.100.10', macAddress: '02:5a:3c:91:0e:17', nadName: 'management-nad' });
    expect(st.volumes[1]).toEqual({ name: 'data', pvcName: 'web-server-01-data', bound: true, size: '500Gi' });
    // AND quoted where YAML needs it: "True" stays a string
    expect(io.out).toContain('status: "True"');
    expect(io.out.startsWith('phase: Running\nvmName: web-server-01-vm\nnodeName: worker-node-01\n')).toBe(true);
    // AND timestamps quoted, so YAML 1.1 readers (kubectl) keep them strings
    expect(io.out).toContain('lastTransitionTime: "2024-01-01T00:03:12Z"');
  });

  test('reads profile and objects from one stream on stdin (-f -)', async () => {
    // GIVEN the profile and a kubectl List as one YAML stream on stdin
    const stdin = `${FILES['profile.yaml']}\n---\n${FILES['stopped.json']}`;
    // WHEN
    const { code, io } = await run(['-f', '-', '-o', 'json'], { '-': stdin });
    // THEN
    expect(code).toBe(0);
    const st = JSON.parse(io.out) as VirtualMachineProfileStatus;
    expect(st.phase).toBe('Stopped');
    expect(st.nodeName).toBeUndefined();
  });

  test('several -f files; several profiles give a YAML stream naming each', async () => {
    // WHEN
    const { code, io } = await run(['-f', 'profile.yaml', '-f', 'profile-db.yaml', '-f', 'running.json']);
    // THEN one document per profile, in input order
    expect(code).toBe(0);
    const docs = parseAllDocuments(io.out).map((d) => d.toJS() as VirtualMachineProfileStatus);
    expect(docs.map((d) => [d.vmName, d.phase])).toEqual([['web-server-01-vm', 'Running'], ['db-01-vm', 'Pending']]);
    expect(io.out).toContain('# production/web-server-01\n');
    expect(io.out).toContain('# production/db-01\n');
  });

  test('a profile name with a newline cannot inject YAML through the stream header comment', async () => {
    // GIVEN two profiles, one whose name carries a newline and a YAML key
    const evil = fixture('profile.yaml').replace(/name: web-server-01/, 'name: "web\\nphase: Running"');
    const r = await run(['-f', 'evil.yaml', '-f', 'profile-db.yaml', '-f', 'running.json'], { ...FILES, 'evil.yaml': evil });
    // WHEN printed as a YAML stream THEN the header stays one comment line (before: `phase: Running` became a key)
    expect(r.code).toBe(0);
    expect(r.io.out).toContain('# production/web\\nphase: Running\n');
    const docs = parseAllDocuments(r.io.out).map((d) => d.toJS());
    expect(docs[0].phase).not.toBe('Running');
    expect(r.io.out).not.toMatch(/^phase: Running$/m);
  });

  test('-o json with several profiles prints an array', async () => {
    const { code, io } = await run(['-f', 'profile.yaml', '-f', 'profile-db.yaml', '--objects', 'running.json', '-o', 'json']);
    expect(code).toBe(0);
    expect((JSON.parse(io.out) as VirtualMachineProfileStatus[]).map((s) => s.phase)).toEqual(['Running', 'Pending']);
  });

  test('-o patch prints a one-line merge patch for kubectl patch --subresource=status', async () => {
    // WHEN
    const { code, io } = await run(['-f', 'profile.yaml', '--objects=running.json', '-o', 'patch']);
    // THEN one JSON line with the status under "status"
    expect(code).toBe(0);
    expect(io.out.trimEnd().split('\n')).toHaveLength(1);
    const patch = JSON.parse(io.out);
    expect(Object.keys(patch)).toEqual(['status']);
    expect(patch.status.phase).toBe('Running');
    expect(Object.keys(patch.status)).toEqual(['phase', 'vmName', 'nodeName', 'conditions', 'networks', 'volumes']);
    expect(patch.status.nodeName).toBe('worker-node-01');
  });

  test('-o patch clears a stale nodeName with null (merge patches keep absent keys)', async () => {
    // GIVEN a stopped VM
    const { io } = await run(['-f', 'profile.yaml', '--objects', 'stopped.json', '-o', 'patch']);
    // THEN nodeName is explicitly null
    expect(JSON.parse(io.out).status).toHaveProperty('nodeName', null);
    expect(statusPatch({ phase: 'Pending', vmName: 'x-vm', conditions: [], networks: [], volumes: [] }).status.nodeName).toBeNull();
  });

  test('--help prints usage and exits 0', async () => {
    const { code, io } = await run(['--help']);
    expect(code).toBe(0);
    expect(io.out).toContain('Usage:\n  vmprofile status -f FILENAME');
  });

  describe('bad input: one line on stderr, exit 1, nothing on stdout', () => {
    test('malformed YAML names file, line and column', async () => {
      const r = await run(['-f', 'malformed.yaml']);
      expectError(r, 'error: malformed.yaml:');
      expect(r.io.err).toMatch(/^error: malformed\.yaml: invalid YAML: line \d+, column \d+: /);
    });

    test('malformed JSON on stdin', async () => {
      const r = await run(['-f', 'profile.yaml', '--objects', '-'], { ...FILES, '-': '{"kind": "List", "items": [,]}' });
      expectError(r, 'error: <stdin>: invalid YAML: line 1, column ');
    });

    test('no profile', async () => {
      expectError(await run(['-f', 'running.json']), 'no VirtualMachineProfile found in running.json');
    });

    test('an object without kind', async () => {
      expectError(await run(['-f', 'profile.yaml', '-f', 'x.yaml'], { ...FILES, 'x.yaml': 'apiVersion: v1\nmetadata:\n  name: x\n' }), 'x.yaml: document 1 has no kind');
    });

    test('a List item without kind', async () => {
      const list = JSON.stringify({ kind: 'List', items: [{ kind: 'VirtualMachine' }, { metadata: {} }] });
      expectError(await run(['-f', 'profile.yaml', '--objects', 'l.json'], { ...FILES, 'l.json': list }), 'l.json: document 1, item 2 has no kind');
    });

    test('a document that is not an object', async () => {
      expectError(await run(['-f', 'x.yaml'], { 'x.yaml': '- a\n- b\n' }), 'x.yaml: document 1 is not an object');
    });

    test('a profile without a name', async () => {
      expectError(await run(['-f', 'x.yaml'], { 'x.yaml': 'kind: VirtualMachineProfile\nmetadata: {}\n' }), 'VirtualMachineProfile has no metadata.name');
    });

    test('a profile passed as --objects', async () => {
      expectError(await run(['-f', 'profile.yaml', '--objects', 'profile-db.yaml']), 'profile-db.yaml: document 1 is a VirtualMachineProfile: pass profiles with -f');
    });

    test('a missing file', async () => {
      expectError(await run(['-f', 'nope.yaml']), 'nope.yaml: cannot read: ENOENT');
    });

    test('an alias bomb among the cluster objects is refused in one line, not expanded', async () => {
      // GIVEN a kubectl List whose items alias a "billion laughs" (before: status walked every expanded item)
      let bomb = 'kind: List\nitems:\n- &l0 {kind: ConfigMap, data: {a: lol}}\n';
      for (let i = 1; i <= 7; i++) bomb += `- &l${i} {kind: List, items: [${Array(10).fill(`*l${i - 1}`).join(', ')}]}\n`;
      for (let i = 0; i < 40; i++) bomb += '- *l7\n';
      const r = await run(['-f', 'profile.yaml', '--objects', 'bomb.yaml'], { ...FILES, 'bomb.yaml': bomb });
      expectError(r, 'error: bomb.yaml: invalid YAML: line 1: items[');
      expect(r.io.err).toMatch(/aliases expand the input by more than \d+ nodes and characters\n$/);
    });

    test('a cyclic alias in a cluster object is refused in one line', async () => {
      const r = await run(['-f', 'profile.yaml', '--objects', 'c.yaml'], { ...FILES, 'c.yaml': 'kind: VirtualMachine\nspec: &s {again: *s}\n' });
      expectError(r, 'error: c.yaml: invalid YAML: line 1: spec.again: a YAML alias refers to a node that contains it');
    });

    test('a file name with a newline stays on one line', async () => {
      expectError(await run(['-f', 'x\nWarning: forged']), 'error: x\\nWarning: forged: cannot read: ENOENT');
    });

    test.each([
      [[], 'status needs -f FILE'],
      [['-f', 'profile.yaml', '-o', 'table'], '-o must be yaml, json or patch, got "table"'],
      [['-f', 'profile.yaml', '--bogus'], 'unknown flag: --bogus'],
      [['-f'], 'flag needs an argument: -f'],
      [['profile.yaml'], 'unexpected argument: profile.yaml'],
      [['-f', '-', '--objects', '-'], 'standard input (-) can be read only once'],
      [['-f', 'profile.yaml', '-f', 'profile-db.yaml', '-o', 'patch'], '-o patch needs exactly one profile, got 2'],
    ])('usage: %j', async (argv, text) => {
      expectError(await run(argv as string[], { ...FILES, '-': '' }), text as string);
    });
  });
});
