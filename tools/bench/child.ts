/**
 * One benchmark measurement in a fresh process (so peak RSS is its own): `child.ts MODE N [MANIFESTS_FILE]`.
 * Prints one JSON line: {"ms": <time of the measured work>, "rssMiB": <peak RSS>, "bytes": <output size>, "hash": ...}.
 * Loads the compiled library from dist/ (run `npx projen compile` first).
 * `manifests` writes the library's objects as JSON to MANIFESTS_FILE; `baseline` reads them from there, so the
 * baseline process never runs cdk8s before its timed work (the library modes start cold, so must the baseline).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { ApiObject, App, Chart } from 'cdk8s';
import { seedFleet } from './fleet';


// The compiled library, as users run it (not the TypeScript sources through ts-node).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const lib = require('../../dist/src');

const [mode, nArg, manifestsFile] = process.argv.slice(2);
const n = Number(nArg);
const fleet = seedFleet(n);

function libraryManifests(): any[] {
  const app = new App();
  const chart = new Chart(app, 'fleet');
  for (const doc of fleet) lib.VirtualMachineProfile.fromManifest(chart, undefined, doc);
  return chart.toJson();
}

const modes: Record<string, () => string> = {
  // Writes the objects the baseline renders (untimed work of its own).
  'manifests': () => {
    const json = JSON.stringify(libraryManifests());
    fs.writeFileSync(manifestsFile, json);
    return json;
  },
  // Plain cdk8s: ApiObjects of byte-identical manifests, app.synthYaml().
  'baseline': (() => {
    const manifests: any[] = mode === 'baseline' ? JSON.parse(fs.readFileSync(manifestsFile, 'utf8')) : [];
    return () => {
      const app = new App();
      const chart = new Chart(app, 'fleet');
      manifests.forEach((m, i) => new ApiObject(chart, `o${i}`, m));
      return app.synthYaml();
    };
  })(),
  // Our constructs, all profiles in one chart, cdk8s's own app.synthYaml().
  'library-one-chart': () => {
    const app = new App();
    const chart = new Chart(app, 'fleet');
    for (const doc of fleet) lib.VirtualMachineProfile.fromManifest(chart, undefined, doc);
    return app.synthYaml();
  },
  // All profiles in one chart, written through our entry point synthAppYaml() instead of cdk8s's.
  'library-one-chart-synthAppYaml': () => {
    const app = new App();
    const chart = new Chart(app, 'fleet');
    for (const doc of fleet) lib.VirtualMachineProfile.fromManifest(chart, undefined, doc);
    return lib.synthAppYaml(app);
  },
  // One chart per profile through our linear entry point synthAppYaml(), the profile under a constant id (docs/performance.md).
  'library-chart-per-profile': () => {
    const app = new App();
    fleet.forEach((doc, i) => lib.VirtualMachineProfile.fromManifest(new Chart(app, `c${i}`), doc, 'Profile'));
    return lib.synthAppYaml(app);
  },
  // The same with the default id `<namespace>.<name>`: a distinct first child per chart, past V8's 1,536 transitions.
  'library-chart-per-profile-distinct-ids': () => {
    const app = new App();
    fleet.forEach((doc, i) => lib.VirtualMachineProfile.fromManifest(new Chart(app, `c${i}`), undefined, doc));
    return lib.synthAppYaml(app);
  },
  // One chart per profile through cdk8s's app.synthYaml() (for comparison; superlinear).
  'cdk8s-chart-per-profile': () => {
    const app = new App();
    fleet.forEach((doc, i) => lib.VirtualMachineProfile.fromManifest(new Chart(app, `c${i}`), doc, 'Profile'));
    return app.synthYaml();
  },
};

const work = modes[mode];
if (!work) throw new Error(`unknown mode ${mode}`);
const start = process.hrtime.bigint();
const out = work();
const ms = Number(process.hrtime.bigint() - start) / 1e6;
process.stdout.write(`${JSON.stringify({
  ms,
  rssMiB: process.resourceUsage().maxRSS / 1024,
  bytes: out.length,
  hash: createHash('sha256').update(out).digest('hex').slice(0, 16),
})}\n`);
