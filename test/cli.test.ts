import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { diskIo, fakeIo } from './cli-io';
import { BAD_PROFILE_YAML, EXAMPLES_DIR } from './helpers';
import { FileError } from '../src/cli/files';
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
    expect(Object.keys(io.written)).toEqual(['out/production.web-server-01.yaml', 'out/.vmprofile-output']);
    expect(io.written['out/.vmprofile-output']).toBe('production.web-server-01.yaml\n');
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
    expect(Object.keys(io.written).sort()).toEqual(['out/.vmprofile-output', 'out/node-networks.yaml', 'out/other-objects.yaml', 'out/prod.web.yaml']);
    expect(parseAllDocuments(io.written['out/node-networks.yaml']).map((d) => d.toJS().kind)).toEqual(['NodeNetworkConfigurationPolicy']);
    // AND the file holding a Secret is written 0600, the others 0644
    expect(io.modes['out/other-objects.yaml']).toBe(0o600);
    expect(io.modes['out/prod.web.yaml']).toBe(0o644);
  });

  test('the help names exactly the files it writes', async () => {
    const io = fakeIo();
    expect(await run(['synth', '--help'], io)).toBe(0);
    for (const name of ['<namespace>.<name>.yaml', '<name>.yaml', 'shared-networks.yaml', 'node-networks.yaml', 'other-objects.yaml', '.vmprofile-output', '0600']) {
      expect(io.out).toContain(name);
    }
  });
});

const PROFILE = (name: string, namespace = 'prod', extra = '') => `apiVersion: vm.example.com/v1alpha1
kind: VirtualMachineProfile
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  cpu: 2
  memory: 4Gi
  networks: [{name: mgmt, type: bridge, nodeNetwork: {uplink: ens3}}${extra}]
  disks: [{name: system, size: 20Gi, storageClassName: sc, boot: true}]
`;

describe('vmprofile synth --output-dir on disk', () => {
  const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'vmprofile-out-'));
  /** stderr without the profiles' own warnings (a blank boot disk). */
  const ownLines = (err: string) => err.split('\n').filter((l) => !l.includes(': VirtualMachineProfile/')).join('\n');
  const docsOf = (file: string) => parseAllDocuments(fs.readFileSync(file, 'utf8')).map((d) => d.toJS());

  test('a NAD several profiles use is in shared-networks.yaml, with every object each VM refers to in the tree', async () => {
    // GIVEN two profiles of one namespace on the same network, and one more on its own network
    const root = tmp();
    const input = path.join(root, 'in.yaml');
    fs.writeFileSync(input, [PROFILE('pg-0'), PROFILE('pg-1'), PROFILE('solo', 'prod', ', {name: own, type: bridge, bridgeName: br-own}')].join('---\n'));
    const out = path.join(root, 'out');
    // WHEN written to a folder
    const io = diskIo();
    expect(await run(['synth', '-f', input, '--output-dir', out], io)).toBe(0);
    // THEN the shared NAD is in the shared file only, and no profile's file holds a NAD another profile needs
    const nadsOf = (file: string) => docsOf(path.join(out, file)).filter((o) => o.kind === 'NetworkAttachmentDefinition').map((o) => o.metadata.name);
    expect(nadsOf('shared-networks.yaml')).toEqual(['mgmt-nad']);
    expect(nadsOf('prod.pg-0.yaml')).toEqual([]);
    expect(nadsOf('prod.solo.yaml')).toEqual(['own-nad']);
    // AND every NAD a VM refers to is in its own file or the shared one (before: pg-1's network was only in pg-0's file)
    for (const file of ['prod.pg-0.yaml', 'prod.pg-1.yaml', 'prod.solo.yaml']) {
      const vm = docsOf(path.join(out, file)).find((o) => o.kind === 'VirtualMachine');
      const refs = vm.spec.template.spec.networks.filter((n: any) => n.multus).map((n: any) => n.multus.networkName.replace(/^prod\//, ''));
      expect([...nadsOf(file), ...nadsOf('shared-networks.yaml')]).toEqual(expect.arrayContaining(refs));
    }
    expect(fs.readFileSync(path.join(out, '.vmprofile-output'), 'utf8').split('\n').filter(Boolean).sort())
      .toEqual(['node-networks.yaml', 'prod.pg-0.yaml', 'prod.pg-1.yaml', 'prod.solo.yaml', 'shared-networks.yaml']);
    fs.rmSync(root, { recursive: true });
  });

  test('stale files are removed when an earlier run wrote them, reported when nothing says so', async () => {
    // GIVEN a folder written for two profiles with a node network, plus a file of an older version and a user file
    const root = tmp();
    const out = path.join(root, 'out');
    fs.writeFileSync(path.join(root, 'two.yaml'), [PROFILE('a'), PROFILE('b')].join('---\n'));
    expect(await run(['synth', '-f', path.join(root, 'two.yaml'), '--output-dir', out], diskIo())).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual(['.vmprofile-output', 'node-networks.yaml', 'prod.a.yaml', 'prod.b.yaml', 'shared-networks.yaml']);
    fs.writeFileSync(path.join(out, 'prod.other-objects.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: old}\n');
    fs.writeFileSync(path.join(out, 'README.md'), 'notes');
    // WHEN b is gone and a no longer has a node network
    fs.writeFileSync(path.join(root, 'one.yaml'), PROFILE('a').replace('nodeNetwork: {uplink: ens3}', 'bridgeName: br0'));
    const io = diskIo();
    expect(await run(['synth', '-f', path.join(root, 'one.yaml'), '--output-dir', out], io)).toBe(0);
    // THEN b's file, the shared file and node-networks.yaml are removed (the index lists them); the folder is current
    expect(fs.readdirSync(out).sort()).toEqual(['.vmprofile-output', 'README.md', 'prod.a.yaml', 'prod.other-objects.yaml']);
    // AND the manifest file no index lists is kept and reported, one line; README.md is no manifest
    expect(ownLines(io.err)).toBe(`Warning: ${path.join(out, 'prod.other-objects.yaml')}: not written by this run and not listed in .vmprofile-output: ` +
      'left in place; delete it if it is the output of an earlier vmprofile synth\n');
    fs.rmSync(root, { recursive: true });
  });

  test('-o json writes .json files; --include-profile puts each profile into its own file', async () => {
    const root = tmp();
    fs.writeFileSync(path.join(root, 'in.yaml'), [PROFILE('a'), PROFILE('b', 'dev')].join('---\n'));
    const out = path.join(root, 'out');
    expect(await run(['synth', '-f', path.join(root, 'in.yaml'), '-o', 'json', '--include-profile', '--output-dir', out], diskIo())).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual(['.vmprofile-output', 'dev.b.json', 'node-networks.json', 'prod.a.json']);
    const items = JSON.parse(fs.readFileSync(path.join(out, 'dev.b.json'), 'utf8')).items;
    expect(items.map((o: any) => `${o.kind}/${o.metadata.name}`)).toEqual(['VirtualMachineProfile/b', 'NetworkAttachmentDefinition/mgmt-nad', 'DataVolume/b-system', 'VirtualMachine/b-vm']);
    fs.rmSync(root, { recursive: true });
  });

  test('file names never come from passed-through objects: nothing is written outside the folder', async () => {
    // GIVEN pass-through objects whose namespace and vmprofile label climb out or are absolute
    const root = tmp();
    const out = path.join(root, 'a', 'out');
    const hostile = ['../../escape', '/tmp/abs', '..', 'x/../../../y', '.', '../a/out-sibling']
      .map((v, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\n  namespace: ${JSON.stringify(v)}\n  labels: {vmprofile: ${JSON.stringify(v)}}\n`);
    fs.writeFileSync(path.join(root, 'in.yaml'), [PROFILE('web'), ...hostile].join('---\n'));
    const before = new Set(fs.readdirSync('/tmp'));
    // WHEN written with --keep-other-kinds
    expect(await run(['synth', '-f', path.join(root, 'in.yaml'), '--keep-other-kinds', '--output-dir', out], diskIo())).toBe(0);
    // THEN every file is directly in the folder, named from the profile only (before: ../../escape.c0.yaml and /tmp/abs...)
    const everything = (fs.readdirSync(root, { recursive: true }) as string[]).map((p) => path.join(root, p)).filter((p) => fs.statSync(p).isFile());
    expect(everything.map((p) => path.relative(root, p)).sort()).toEqual([
      'a/out/.vmprofile-output', 'a/out/node-networks.yaml', 'a/out/other-objects.yaml', 'a/out/prod.web.yaml', 'in.yaml',
    ]);
    expect([...new Set(fs.readdirSync('/tmp'))].filter((f) => !before.has(f) && !f.startsWith('vmprofile-') && !f.startsWith('jest'))).toEqual([]);
    expect(docsOf(path.join(out, 'other-objects.yaml')).map((o) => o.metadata.name)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4', 'c5']);
    fs.rmSync(root, { recursive: true });
  });

  test('a hostile index cannot make a run delete anything outside the folder', async () => {
    // GIVEN an index that lists paths outside, and a victim file there
    const root = tmp();
    const out = path.join(root, 'out');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(root, 'victim.yaml'), 'keep');
    fs.writeFileSync(path.join(out, '.vmprofile-output'), `../victim.yaml\n${path.join(root, 'victim.yaml')}\n..\n`);
    fs.writeFileSync(path.join(root, 'in.yaml'), PROFILE('web'));
    // WHEN written THEN the victim survives
    expect(await run(['synth', '-f', path.join(root, 'in.yaml'), '--output-dir', out], diskIo())).toBe(0);
    expect(fs.readFileSync(path.join(root, 'victim.yaml'), 'utf8')).toBe('keep');
    fs.rmSync(root, { recursive: true });
  });

  test('Secret-holding files are mode 0600 on disk, even over an older 0644 file', async () => {
    const root = tmp();
    const out = path.join(root, 'out');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'other-objects.yaml'), 'old', { mode: 0o644 });
    fs.writeFileSync(path.join(root, 'in.yaml'), `${PROFILE('web')}---\napiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {k: v}\n`);
    expect(await run(['synth', '-f', path.join(root, 'in.yaml'), '--keep-other-kinds', '--output-dir', out], diskIo())).toBe(0);
    const mode = (file: string) => (fs.statSync(path.join(out, file)).mode % 0o1000).toString(8);
    expect(mode('other-objects.yaml')).toBe('600');
    expect(mode('prod.web.yaml')).not.toBe('600');
    fs.rmSync(root, { recursive: true });
  });

  test('fails: an --output-dir that is a file, or below a file: one line, exit 1, nothing written', async () => {
    // GIVEN a regular file where the folder should be
    const root = tmp();
    const file = path.join(root, 'plain');
    fs.writeFileSync(file, 'x');
    fs.writeFileSync(path.join(root, 'in.yaml'), PROFILE('web'));
    for (const out of [file, path.join(file, 'sub')]) {
      // WHEN written there
      const io = diskIo();
      expect(await run(['synth', '-f', path.join(root, 'in.yaml'), '--output-dir', out], io)).toBe(1);
      // THEN one line naming the folder and why (before: a stack trace)
      expect(ownLines(io.err)).toMatch(/^error: \S+: not a folder\n$/);
    }
    expect(fs.readdirSync(root).sort()).toEqual(['in.yaml', 'plain']);
    fs.rmSync(root, { recursive: true });
  });

  test('fails: a profile without a namespace named like a shared file is refused before anything is written', async () => {
    // GIVEN profile `shared-networks` without a namespace (names are DNS labels and namespaces have no dots, so
    // `<namespace>.<name>` never collides; the shared files' names can)
    const root = tmp();
    fs.writeFileSync(path.join(root, 'in2.yaml'), PROFILE('shared-networks').replace(', namespace: prod', ''));
    const out = path.join(root, 'out');
    const io = diskIo();
    expect(await run(['synth', '-f', path.join(root, 'in2.yaml'), '--output-dir', out], io)).toBe(1);
    expect(io.err).toContain('error: --output-dir');
    expect(io.err).toContain('would both be written to shared-networks.yaml');
    expect(fs.existsSync(out)).toBe(false);
    fs.rmSync(root, { recursive: true });
  });
});

describe('vmprofile synth on hostile input: one line naming the file, exit 1, nothing on stdout', () => {
  const expectOneLine = (io: { out: string; err: string }, pattern: RegExp) => {
    expect(io.out).toBe('');
    expect(io.err).toMatch(pattern);
    expect(io.err.trimEnd().split('\n')).toHaveLength(1);
    expect(io.err).not.toMatch(/\n\s+at /);
  };

  test('an alias bomb in a pass-through object (the Argo CD plugin mode) is refused, not expanded', async () => {
    // GIVEN a ConfigMap of under 1 KB that expands to 10^9 strings, next to a valid profile
    let bomb = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata:\n  l0: &l0 [lol]\n';
    for (let i = 1; i <= 9; i++) bomb += `  l${i}: &l${i} [${Array(10).fill(`*l${i - 1}`).join(', ')}]\n`;
    const io = fakeIo({ 'bomb.yaml': bomb });
    // WHEN synthesized with --keep-other-kinds (before: the YAML writer ran out of memory)
    expect(await run(['synth', '-f', WEB, '-f', 'bomb.yaml', '--keep-other-kinds'], io)).toBe(1);
    // THEN one line naming file, line and field
    expect(io.out).toBe('');
    const lines = io.err.trimEnd().split('\n').filter((l) => !l.startsWith('Warning: '));
    expect(lines).toEqual([expect.stringMatching(/^bomb\.yaml: line 1: data\.l\d\[\d\]: aliases expand the input by more than \d+ nodes and characters$/)]);
  });

  test('a cyclic alias with -o json is refused (before: JSON.stringify threw "circular structure")', async () => {
    const io = fakeIo({ 'p.yaml': `${PROFILE('web')}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: &d {self: *d}\n` });
    expect(await run(['synth', '-f', 'p.yaml', '--keep-other-kinds', '-o', 'json'], io)).toBe(1);
    expectOneLine({ out: io.out, err: io.err.split('\n').filter((l) => !l.startsWith('Warning: ')).join('\n') },
      /^p\.yaml: line 9: data\.self: a YAML alias refers to a node that contains it: a cycle is not a JSON value\n$/);
  });

  test.each(['.inf', '-.inf', '.nan'])('%s in a pass-through object is refused (before: a stack trace, or null in JSON)', async (n) => {
    const io = fakeIo({ 'c.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {ratio: ${n}}\n` });
    expect(await run(['synth', '-f', WEB, '-f', 'c.yaml', '--keep-other-kinds', '-o', 'json'], io)).toBe(1);
    expect(io.out).toBe('');
    expect(io.err).toMatch(/^c\.yaml: line 1: data\.ratio: Invalid value: -?\.(inf|nan): Kubernetes objects are JSON/m);
  });

  test('a pass-through object is written back exactly: "\\n", timestamps, prototype-named keys', async () => {
    // GIVEN values that changed on the way before ("\n" read back as "", a timestamp became {})
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, creationTimestamp: 2024-01-01T00:00:00Z}\n' +
      'data: {nl: "\\n", two: "\\n\\n", lead: "\\n  x", day: 2024-01-01, __proto__: p, constructor: c}\n';
    for (const format of ['yaml', 'json']) {
      const io = fakeIo({ 'c.yaml': cm });
      // WHEN passed through
      expect(await run(['synth', '-f', WEB, '-f', 'c.yaml', '--keep-other-kinds', '-o', format], io)).toBe(0);
      // THEN read back as it was written, by the other YAML parser too
      const objects = format === 'json' ? JSON.parse(io.out).items : parseAllDocuments(io.out).map((d) => d.toJS());
      const back = objects.find((o: any) => o.kind === 'ConfigMap');
      expect(back.metadata.creationTimestamp).toBe('2024-01-01T00:00:00Z');
      expect(Object.entries(back.data)).toEqual([['nl', '\n'], ['two', '\n\n'], ['lead', '\n  x'], ['day', '2024-01-01'], ['__proto__', 'p'], ['constructor', 'c']]);
    }
  });

  test('a folder under -R that cannot be read is one line naming it', async () => {
    // GIVEN a listing that fails on a sub-folder (as readdir does without permission; tests may run as root)
    const io = fakeIo();
    io.listFiles = () => { throw new FileError('fleet/locked', 'cannot read folder: permission denied (EACCES)'); };
    expect(await run(['synth', '-f', 'fleet', '-R'], io)).toBe(1);
    expectOneLine(io, /^fleet\/locked: cannot read folder: permission denied \(EACCES\)\n$/);
  });

  test('a file name with a newline cannot forge a Warning: line', async () => {
    const io = fakeIo();
    expect(await run(['synth', '-f', 'x\nWarning: forged.yaml'], io)).toBe(1);
    expect(io.err).not.toMatch(/^Warning:/m);
    expect(io.err.trimEnd().split('\n')).toHaveLength(1);
  });

  test('a profile name, namespace or key with a newline cannot forge a Warning: line', async () => {
    // GIVEN profiles whose name, namespace, a label key and a spec key carry a newline and a fake warning
    const doc = (metadata: string, spec = '') => `apiVersion: vm.example.com/v1alpha1\nkind: VirtualMachineProfile\nmetadata: ${metadata}\n` +
      `spec: {cpu: 1, memory: 1Gi, disks: [{name: d, size: 1Gi, storageClassName: sc, boot: true, image: "https://example.com/d.img"}]${spec}}\n`;
    const files = {
      'name.yaml': doc('{name: "x\\nWarning: forged"}'),
      'ns.yaml': doc('{name: x, namespace: "n\\u2028Warning: forged"}'),
      'label.yaml': doc('{name: x, labels: {"l\\nWarning: forged": v}}'),
      'key.yaml': doc('{name: x}', ', "k\\rWarning: forged": 1'),
    };
    for (const file of Object.keys(files)) {
      const io = fakeIo(files);
      // WHEN synthesized
      expect(await run(['synth', '-f', file], io)).toBe(1);
      // THEN one line, the user's string escaped (before: the subject or field path split into a forged Warning: line)
      expect(io.err).not.toMatch(/^Warning:/m);
      expect(io.err.trimEnd().split(/\n|\r|\u2028/)).toEqual([expect.stringMatching(new RegExp(`^${file.replace('.', '\\.')}:1: VirtualMachineProfile/`))]);
    }
  });

  test('a profile with more than 120,000 errors ends in lines, not a stack overflow', async () => {
    // GIVEN 130,000 invalid label keys in one profile (before: problems.push(...) overflowed the call stack)
    const labels = Array.from({ length: 130_000 }, (_, i) => `    -k${i}: v`).join('\n');
    const text = `apiVersion: vm.example.com/v1alpha1\nkind: VirtualMachineProfile\nmetadata:\n  name: a\n  labels:\n${labels}\n` +
      'spec: {cpu: 1, memory: 1Gi, disks: [{name: d, size: 1Gi, storageClassName: sc, boot: true}]}\n';
    const io = fakeIo({ 'big.yaml': text });
    // WHEN synthesized THEN exit 1, nothing on stdout, no stack trace
    expect(await run(['synth', '-f', 'big.yaml'], io)).toBe(1);
    expect(io.out).toBe('');
    expect(io.err).not.toMatch(/\n\s+at /);
    // AND every one of its problems is reported, each line naming the file and the field
    const lines = io.err.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(130_000);
    for (const line of lines.slice(0, 100)) expect(line).toMatch(/^big\.yaml:1: VirtualMachineProfile\/a: metadata\.labels/);
  }, 60_000);
});

describe('vmprofile writing to a broken standard output (a real process)', () => {
  /** Runs the CLI from the sources in a child process, stdout redirected by the shell. */
  const cli = (args: string, redirect: string) => spawnSync('bash', ['-c',
    `node -r ts-node/register/transpile-only -e "require('./src/cli/main').run(process.argv.slice(1)).then((c) => { process.exitCode = c; })" ${args} ${redirect}; ` +
    'echo "rc=${PIPESTATUS[0]}" >&2'], { cwd: path.join(__dirname, '..'), encoding: 'utf8', env: { ...process.env, TS_NODE_SWC: '1' } });

  test.each([
    ['ENOSPC (a full disk: /dev/full)', '> /dev/full', 'no space left on device \\(ENOSPC\\)'],
    ['EPIPE (the reader went away)', '| true', 'broken pipe \\(EPIPE\\)'],
  ])('%s: one line on stderr, exit 1, no stack trace', (_name, redirect, cause) => {
    const r = cli('crd', redirect);
    expect(r.stderr).toMatch(new RegExp(`^error: <stdout>: cannot write: ${cause}\\nrc=1\\n$`));
  }, 60_000);
});
