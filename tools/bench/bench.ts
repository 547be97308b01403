/**
 * `npm run bench`: fleet-scale synthesis figures (issue: "Performance"). Prints, for N = 100, 1,000 and 10,000
 * seed-like profiles, each mode's time, µs per profile, ratio to plain cdk8s, peak RSS and time(10k)/time(1k).
 * Every measurement runs in its own, cold process, the baseline's too. Sizes up to 2,000 report the median of
 * `BENCH_REPEATS` (default 5) interleaved rounds. Needs a compiled dist/ (the bench task compiles first).
 * `BENCH_SIZES=100,1000` overrides the sizes.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { filesOfBlock, fillSections } from '../docs';
import { seedFleet } from './fleet';

const ROOT = path.join(__dirname, '..', '..');
const SIZES = (process.env.BENCH_SIZES ?? '100,1000,2000,10000').split(',').map(Number);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 5);
const REPEAT_MAX_N = 2000;
const CDK8S_CHART_PER_PROFILE_MAX = 1000; // cdk8s's own per-chart synth is ~N^2.5: 10,000 charts take ~14 minutes.

interface Measure { ms: number; rssMiB: number; bytes?: number; hash?: string }

function child(mode: string, n: number, manifests: string): Measure {
  const r = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'child.ts'), mode, String(n), manifests],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 2 ** 30 });
  if (r.status !== 0) throw new Error(`${mode} ${n} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

/** The CLI as users run it: a whole process, timed from outside, peak RSS from inside. */
function cli(file: string): Measure {
  const script = `let n = 0; require('./dist/src/cli/main').run(['synth','-f',${JSON.stringify(file)}], {
    ...require('./dist/src/cli/main').processIo(), stdout: (t) => { n += t.length; } }).then((c) => {
    process.exitCode = c; process.stderr.write(JSON.stringify({ rssMiB: process.resourceUsage().maxRSS / 1024, bytes: n }) + '\\n'); });`;
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8', maxBuffer: 2 ** 30 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`cli failed: ${r.stderr.slice(-2000)}`);
  const { rssMiB, bytes } = JSON.parse(r.stderr.trim().split('\n').pop()!);
  return { ms, rssMiB, bytes };
}

function wall(args: string[], runs = 7): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

const fmt = (x: number, d = 0) => x.toFixed(d).padStart(8);
const results = new Map<string, Map<number, Measure>>();
const record = (mode: string, n: number, m: Measure) => {
  if (!results.has(mode)) results.set(mode, new Map());
  results.get(mode)!.set(n, m);
};

console.log(`cdk8s-vmprofile bench — node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vmprofile-bench-'));
/** The run of median time among several (its RSS comes with it). */
function median(runs: Measure[]): Measure {
  return [...runs].sort((a, b) => a.ms - b.ms)[Math.floor(runs.length / 2)];
}

for (const n of SIZES) {
  const file = path.join(tmp, `fleet-${n}.yaml`);
  const manifests = path.join(tmp, `manifests-${n}.json`);
  fs.writeFileSync(file, seedFleet(n).map((d) => stringify(d)).join('---\n'));
  child('manifests', n, manifests);
  // Runs vary ±10 % on this machine: small sizes take the median of REPEATS rounds, the modes interleaved.
  const repeats = n <= REPEAT_MAX_N ? REPEATS : 1;
  const rounds = new Map<string, Measure[]>();
  const add = (mode: string, m: Measure) => rounds.set(mode, [...(rounds.get(mode) ?? []), m]);
  for (let round = 0; round < repeats; round++) {
    const baseline = child('baseline', n, manifests);
    add('baseline', baseline);
    add('cli', cli(file));
    const lib = child('library-one-chart', n, manifests);
    if (lib.hash !== baseline.hash) throw new Error(`library output (${lib.hash}) is not byte-identical to the baseline (${baseline.hash})`);
    add('library-one-chart', lib);
    add('library-one-chart-synthAppYaml', child('library-one-chart-synthAppYaml', n, manifests));
    add('library-chart-per-profile', child('library-chart-per-profile', n, manifests));
    add('library-chart-per-profile-distinct-ids', child('library-chart-per-profile-distinct-ids', n, manifests));
    if (n <= CDK8S_CHART_PER_PROFILE_MAX) add('cdk8s-chart-per-profile', child('cdk8s-chart-per-profile', n, manifests));
  }
  for (const [mode, runs] of rounds) record(mode, n, median(runs));
}
fs.rmSync(tmp, { recursive: true, force: true });

console.log(`\n${'mode'.padEnd(40)}${'N'.padStart(8)}${'ms'.padStart(8)}${'µs/prof'.padStart(8)}${'×base'.padStart(8)}${'RSS MiB'.padStart(8)}`);
for (const [mode, byN] of results) {
  for (const [n, m] of byN) {
    const base = results.get('baseline')!.get(n)!;
    console.log(`${mode.padEnd(40)}${fmt(n)}${fmt(m.ms)}${fmt((m.ms * 1000) / n)}${fmt(m.ms / base.ms, 2)}${fmt(m.rssMiB)}`);
  }
}
console.log('\nscaling time(10k)/time(1k):');
for (const [mode, byN] of results) {
  if (byN.has(10000) && byN.has(1000)) console.log(`  ${mode.padEnd(40)}${fmt(byN.get(10000)!.ms / byN.get(1000)!.ms, 2)}`);
}
const nodeRequire = wall(['-e', "require('cdk8s')"]);
const oneProfile = wall(['bin/vmprofile', 'synth', '-f', 'examples/web-server-01.yaml']);
console.log(`\nCLI on one profile: ${oneProfile.toFixed(0)} ms; node -e "require('cdk8s')": ${nodeRequire.toFixed(0)} ms; ratio ${(oneProfile / nodeRequire).toFixed(2)}`);

/** The figures as Markdown, for the generated bench block of docs/performance.md (`BENCH_README=1 npm run bench`). */
function markdown(): string {
  const sizes = [...results.get('baseline')!.keys()];
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench\` on ${os.cpus().length} × ${os.cpus()[0]?.model}, ` +
      `${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}; seed-like profiles (3 networks of different ` +
      'types, 3 disks, HA). Time per mode in ms (µs per profile), ratio to plain cdk8s, peak RSS.',
    '',
    `| mode | ${sizes.map((n) => `N = ${n.toLocaleString('en')}`).join(' | ')} | time(10k)/time(1k) |`,
    `|---|${sizes.map(() => '---').join('|')}|---|`,
  ];
  for (const [mode, byN] of results) {
    const cells = sizes.map((n) => {
      const m = byN.get(n);
      if (!m) return '–';
      const base = results.get('baseline')!.get(n)!;
      return `${m.ms.toFixed(0)} (${((m.ms * 1000) / n).toFixed(0)} µs) ${(m.ms / base.ms).toFixed(2)}× ${m.rssMiB.toFixed(0)} MiB`;
    });
    const scaling = byN.has(10000) && byN.has(1000) ? (byN.get(10000)!.ms / byN.get(1000)!.ms).toFixed(2) : '–';
    lines.push(`| ${mode} | ${cells.join(' | ')} | ${scaling} |`);
  }
  lines.push('', `CLI on one profile: ${oneProfile.toFixed(0)} ms, against ${nodeRequire.toFixed(0)} ms for \`node -e "require('cdk8s')"\` ` +
    `(${(oneProfile / nodeRequire).toFixed(2)}×).`);
  return lines.join('\n');
}

if (process.env.BENCH_README) {
  // The English page and its Chinese twin carry the same table.
  for (const file of filesOfBlock('bench')) {
    fs.writeFileSync(file, fillSections(fs.readFileSync(file, 'utf8'), { bench: markdown() }));
    console.log(`${path.relative(ROOT, file)} bench section updated`);
  }
}
