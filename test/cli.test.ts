import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { fakeIo } from './cli-io';
import { BAD_PROFILE_YAML, EXAMPLES_DIR } from './helpers';
import { run } from '../src/cli/main';

const WEB = path.join(EXAMPLES_DIR, 'web-server-01.yaml');

describe('vmprofile synth', () => {
  test('prints a YAML stream of every object', async () => {
    // GIVEN the full example
    const io = fakeIo();
    // WHEN synthesized
    const code = await run(['synth', '-f', WEB], io);
    // THEN exit 0, objects on stdout, nothing on stderr but warnings
    expect(code).toBe(0);
    const docs = parseAllDocuments(io.out).map((d) => d.toJS());
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual([
      'NetworkAttachmentDefinition/management-nad',
      'NetworkAttachmentDefinition/storage-nad',
      'DataVolume/web-server-01-system',
      'DataVolume/web-server-01-data',
      'DataVolume/web-server-01-logs',
      'VirtualMachine/web-server-01-vm',
    ]);
    expect(io.err).not.toMatch(/error/i);
  });

  test('-f - reads stdin; a file may hold many profiles; -o json prints one List', async () => {
    const two = ['simple-vm', 'web-server-01'].map((n) => fs.readFileSync(path.join(EXAMPLES_DIR, `${n}.yaml`), 'utf8')).join('---\n');
    const io = fakeIo({}, two);
    expect(await run(['synth', '-f', '-', '-o', 'json'], io)).toBe(0);
    const list = JSON.parse(io.out);
    expect(list.kind).toBe('List');
    expect(list.items.filter((o: any) => o.kind === 'VirtualMachine').map((o: any) => o.metadata.name)).toEqual(['simple-vm-vm', 'web-server-01-vm']);
  });

  test('--output-dir writes one file per profile', async () => {
    const io = fakeIo();
    expect(await run(['synth', '-f', WEB, '--output-dir', 'out'], io)).toBe(0);
    expect(Object.keys(io.written)).toEqual(['out/production.web-server-01.yaml']);
    expect(io.out).toBe('');
  });

  test('--include-profile also emits the VirtualMachineProfile', async () => {
    const io = fakeIo();
    expect(await run(['synth', '-f', WEB, '--include-profile'], io)).toBe(0);
    expect(parseAllDocuments(io.out)[0].toJS().kind).toBe('VirtualMachineProfile');
  });

  test('fails: every problem on its own stderr line naming file, profile and field; nothing on stdout', async () => {
    // GIVEN a profile with two mistakes
    const bad = BAD_PROFILE_YAML;
    const io = fakeIo({ 'bad.yaml': bad });
    // WHEN synthesized
    const code = await run(['synth', '-f', 'bad.yaml'], io);
    // THEN exit 1, no stdout, one line per problem
    expect(code).toBe(1);
    expect(io.out).toBe('');
    const lines = io.err.trim().split('\n').filter((l) => !l.includes('Warning:'));
    expect(lines).toEqual([
      expect.stringMatching(/^bad\.yaml:1: VirtualMachineProfile\/bad-vm: spec\.cpu: Invalid value: 0: /),
      'bad.yaml:1: VirtualMachineProfile/bad-vm: spec.networks[0].vlanId: Invalid value: 5000: must be between 1 and 4094',
    ]);
  });

  test('fails: malformed YAML gives the position, no stack trace', async () => {
    const io = fakeIo({ 'broken.yaml': 'apiVersion: vm.example.com/v1alpha1\nkind: [\n' });
    expect(await run(['synth', '-f', 'broken.yaml'], io)).toBe(1);
    expect(io.err).toMatch(/^broken\.yaml: line \d+, column \d+: /);
    expect(io.err).not.toMatch(/\n\s+at /);
    expect(io.out).toBe('');
  });

  test('fails: a document of another kind or apiVersion', async () => {
    const io = fakeIo({ 'pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n' });
    expect(await run(['synth', '-f', 'pod.yaml'], io)).toBe(1);
    expect(io.err).toBe('pod.yaml:1: "v1"/"Pod" is not supported: expected apiVersion "vm.example.com/v1alpha1", kind "VirtualMachineProfile"\n');
  });

  test('fails: missing file, unknown flag, unknown command', async () => {
    let io = fakeIo();
    expect(await run(['synth', '-f', 'nope.yaml'], io)).toBe(1);
    expect(io.err).toBe('nope.yaml: no such file or directory\n');
    io = fakeIo();
    expect(await run(['synth', '--bogus'], io)).toBe(1);
    expect(io.err).toMatch(/^error: unknown flag: --bogus/);
    io = fakeIo();
    expect(await run(['frobnicate'], io)).toBe(1);
    expect(io.err).toMatch(/^error: unknown command "frobnicate"/);
  });

  test('warnings go to stderr as Warning: and do not fail', async () => {
    const io = fakeIo();
    expect(await run(['synth', '-f', path.join(EXAMPLES_DIR, 'simple-vm.yaml')], io)).toBe(0);
    expect(io.err).toMatch(/^Warning: .*simple-vm\.yaml:1: VirtualMachineProfile\/simple-vm: /m);
  });
});

describe('bin/vmprofile (compiled)', () => {
  const bin = path.join(__dirname, '..', 'bin', 'vmprofile');
  const compiled = fs.existsSync(path.join(__dirname, '..', 'dist', 'src', 'cli', 'main.js'));
  (compiled ? test : test.skip)('synth -f examples/web-server-01.yaml through the real process', () => {
    const out = execFileSync(bin, ['synth', '-f', WEB], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(parseAllDocuments(out).map((d) => d.toJS().kind)).toContain('VirtualMachine');
    const bad = spawnSync(bin, ['synth', '-f', '-'], { input: 'kind: [', encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    expect(parse(execFileSync(bin, ['version'], { encoding: 'utf8' }).replace('vmprofile version ', 'v: '))).toHaveProperty('v');
  });
});

describe('vmprofile synth over folders', () => {
  test('-f DIR reads its .yaml/.yml/.json files in order; -R recurses', async () => {
    // GIVEN a folder of profiles with a nested folder
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmprofile-'));
    fs.copyFileSync(path.join(EXAMPLES_DIR, 'simple-vm.yaml'), path.join(dir, 'a.yaml'));
    fs.mkdirSync(path.join(dir, 'nested'));
    fs.copyFileSync(path.join(EXAMPLES_DIR, 'web-server-01.yaml'), path.join(dir, 'nested', 'b.yml'));
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'not a manifest');
    const vmsOf = (out: string) => parseAllDocuments(out).map((d) => d.toJS()).filter((o) => o.kind === 'VirtualMachine').map((o) => o.metadata.name);
    // WHEN synthesized flat and recursively
    let io = fakeIo();
    expect(await run(['synth', '-f', dir], io)).toBe(0);
    expect(vmsOf(io.out)).toEqual(['simple-vm-vm']);
    io = fakeIo();
    expect(await run(['synth', '-f', dir, '-R'], io)).toBe(0);
    // THEN the nested profile is included and the text file ignored
    expect(vmsOf(io.out)).toEqual(['simple-vm-vm', 'web-server-01-vm']);
    fs.rmSync(dir, { recursive: true });
  });
});

describe('vmprofile synth reports everything in one run', () => {
  test('a document of another kind does not hide the errors of the profiles next to it', async () => {
    // GIVEN a file with an invalid profile and a ConfigMap
    const text = `apiVersion: vm.example.com/v1alpha1
kind: VirtualMachineProfile
metadata: {name: a}
spec: {cpu: 0, memory: 4Gi, disks: [{name: system, size: 20Gi, storageClassName: sc, boot: true}]}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: x}
`;
    const io = fakeIo({ 'mixed.yaml': text });
    // WHEN synthesized
    expect(await run(['synth', '-f', 'mixed.yaml'], io)).toBe(1);
    // THEN both problems are reported
    expect(io.err).toContain('mixed.yaml:5: "v1"/"ConfigMap" is not supported');
    expect(io.err).toContain('mixed.yaml:1: VirtualMachineProfile/a: spec.cpu: Invalid value: 0');
    expect(io.out).toBe('');
  });
});

describe('vmprofile synth --keep-other-kinds', () => {
  const folder = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmprofile-'));
    fs.copyFileSync(path.join(EXAMPLES_DIR, 'simple-vm.yaml'), path.join(dir, 'a.yaml'));
    fs.writeFileSync(path.join(dir, 'b.yaml'), 'apiVersion: v1\nkind: Secret\nmetadata: {name: keys}\nstringData: {key1: "ssh-ed25519 AAAA"}\n');
    return dir;
  };

  test('passes other Kubernetes objects through unchanged, after the synthesized ones', async () => {
    // GIVEN a folder with a profile and a Secret WHEN synthesized keeping other kinds
    const io = fakeIo();
    expect(await run(['synth', '-f', folder(), '--keep-other-kinds'], io)).toBe(0);
    // THEN the Secret follows the profile's objects, as written
    const docs = parseAllDocuments(io.out).map((d) => d.toJS());
    expect(docs.map((d) => d.kind)).toEqual(['NetworkAttachmentDefinition', 'DataVolume', 'VirtualMachine', 'Secret']);
    expect(docs[3]).toEqual({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'keys' }, stringData: { key1: 'ssh-ed25519 AAAA' } });
  });

  test('fails: without the flag another kind is refused; with it a profile of a wrong apiVersion still is', async () => {
    let io = fakeIo();
    expect(await run(['synth', '-f', folder()], io)).toBe(1);
    expect(io.err).toMatch(/b\.yaml:1: "v1"\/"Secret" is not supported/);
    io = fakeIo({ 'p.yaml': 'apiVersion: vm.example.com/v1\nkind: VirtualMachineProfile\nmetadata: {name: x}\n' });
    expect(await run(['synth', '-f', 'p.yaml', '--keep-other-kinds'], io)).toBe(1);
    expect(io.err).toMatch(/"vm\.example\.com\/v1"\/"VirtualMachineProfile" is not supported/);
  });
});

describe('vmprofile synth --output-dir', () => {
  test('one file per profile, node policies and other kinds apart', async () => {
    // GIVEN a profile with a node network and a passed-through Secret
    const profile = `apiVersion: vm.example.com/v1alpha1
kind: VirtualMachineProfile
metadata: {name: web, namespace: prod}
spec:
  cpu: 2
  memory: 4Gi
  networks: [{name: mgmt, type: bridge, nodeNetwork: {uplink: ens3}}]
  disks: [{name: system, size: 20Gi, storageClassName: sc, boot: true}]
---
apiVersion: v1
kind: Secret
metadata: {name: keys, namespace: prod}
`;
    const io = fakeIo({ 'p.yaml': profile });
    // WHEN written to a folder
    expect(await run(['synth', '-f', 'p.yaml', '--keep-other-kinds', '--output-dir', 'out'], io)).toBe(0);
    // THEN the profile's objects, the cluster-scoped NNCP and the Secret go to their own files
    expect(Object.keys(io.written).sort()).toEqual(['out/node-networks.yaml', 'out/prod.other-objects.yaml', 'out/prod.web.yaml']);
    expect(parseAllDocuments(io.written['out/node-networks.yaml']).map((d) => d.toJS().kind)).toEqual(['NodeNetworkConfigurationPolicy']);
  });
});
