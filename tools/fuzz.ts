/**
 * Fuzzes the whole pipeline (validate, plan, render) through `synthProfiles`, the CLI's engine, and the CLI itself
 * on hostile YAML text: `npx ts-node --transpile-only tools/fuzz.ts [runs]` (default 100000; `npx projen fuzz`).
 * Mixes valid profiles, table corruptions, scrambled profiles and hostile YAML (aliases, cycles, alias bombs and
 * chains, tags, keys from Object.prototype, control characters, .inf/.nan); prints how many were accepted
 * (synthesized), refused (ProfileSynthError, or exit 1 with one-line errors) and crashed (any other exception, an
 * internal error, a stack trace, a forged `Warning:` line or output that does not read back), and exits 1 when a
 * valid profile is refused, a corruption accepted or anything crashes.
 */
import { isDeepStrictEqual } from 'node:util';
import * as fc from 'fast-check';
import { loadAll } from 'js-yaml';
import { run } from '../src/cli/main';
import { parseDocuments } from '../src/spec/profile-documents';
import { ProfileSynthError, synthProfiles } from '../src/synth/synth';
import { arbCorruptedProfile, arbProfile, arbScrambledProfile } from '../test/arbitraries';
import { fakeIo } from '../test/cli-io';

type Kind = 'valid' | 'corrupted' | 'scrambled' | 'hostile';

/** A YAML node to write: a scalar's text, a collection (maybe anchored), or an alias to an earlier anchor. */
type Template = { scalar: string } | { list: Template[]; anchor: boolean } | { map: Array<[string, Template]>; anchor: boolean } | { alias: number };

const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype);
const arbKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...PROTOTYPE_KEYS),
  fc.constantFrom('apiVersion', 'kind', 'metadata', 'name', 'namespace', 'labels', 'annotations', 'spec', 'cpu', 'memory', 'networks', 'disks', '<<'),
  fc.string({ maxLength: 6 }),
).map((k) => (k === '<<' ? k : JSON.stringify(k)));
const arbScalar: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('.inf', '-.inf', '.nan', '.NaN', '2024-01-01', '2024-01-01T10:00:00Z', '~', 'null', 'yes', 'on', '0x1F', '0o17', '1_000',
    '!!binary aGk=', '!!str 1', '!!int "7"', '!!float 1', '!foo x', '!!set {a}', '!!omap [a: 1]', '!!timestamp 2024-01-01', '!<tag:x> y',
    '"\\u0000"', '"a\\nWarning: forged"', '"\\u2028"', '"\\r"', '"\\n"', '"\\n\\n x"', '""', '2Gi', '4', 'bridge', 'VirtualMachineProfile'),
  fc.string({ maxLength: 8 }).map((s) => JSON.stringify(s)),
  fc.integer().map(String),
);
const { node: arbTemplate } = fc.letrec<{ node: Template }>((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true },
    arbScalar.map((scalar) => ({ scalar })),
    fc.nat(6).map((alias) => ({ alias })),
    fc.record({ list: fc.array(tie('node'), { maxLength: 4 }), anchor: fc.boolean() }),
    fc.record({ map: fc.array(fc.tuple(arbKey, tie('node')), { maxLength: 4 }), anchor: fc.boolean() })),
}));

/** Flow YAML for a template: anchors numbered in order; an alias names one already opened (maybe still open: a cycle). */
function writeFlow(t: Template, anchors: { count: number }): string {
  if ('scalar' in t) return t.scalar;
  if ('alias' in t) return anchors.count === 0 ? 'x' : `*a${t.alias % anchors.count}`;
  const anchor = t.anchor ? `&a${anchors.count++} ` : '';
  if ('list' in t) return `${anchor}[${t.list.map((c) => writeFlow(c, anchors)).join(', ')}]`;
  // Duplicate keys are a syntax error: fine, but most cases should parse.
  const seen = new Set<string>();
  const pairs = t.map.filter(([k]) => !seen.has(k) && seen.add(k));
  return `${anchor}{${pairs.map(([k, v]) => `${k}: ${writeFlow(v, anchors)}`).join(', ')}}`;
}

/** A "billion laughs" of `levels` levels of `width` aliases, and an alias chain `depth` long. */
const bomb = (levels: number, width: number) => {
  let text = 'l0: &l0 [lol]\n';
  for (let i = 1; i <= levels; i++) text += `l${i}: &l${i} [${Array(width).fill(`*l${i - 1}`).join(', ')}]\n`;
  return text;
};
const chain = (depth: number) => {
  let text = 'c0: &c0 [x]\n';
  for (let i = 1; i < depth; i++) text += `c${i}: &c${i} [*c${i - 1}]\n`;
  return text;
};
const indent = (text: string) => text.split('\n').map((l) => (l ? `  ${l}` : l)).join('\n');

const PROFILE_HEAD = 'apiVersion: vm.example.com/v1alpha1\nkind: VirtualMachineProfile\n';
const VALID_PROFILE = `${PROFILE_HEAD}metadata: {name: ok}\nspec: {cpu: 1, memory: 1Gi, ` +
  'disks: [{name: d, size: 1Gi, storageClassName: sc, boot: true, image: "https://example.com/d.img"}]}\n';
/** Hostile YAML text: a profile or a pass-through object around random flow YAML, a bomb or a chain. */
const arbHostileYaml: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(arbTemplate, arbTemplate).map(([md, spec]) => {
    const anchors = { count: 0 };
    return `${PROFILE_HEAD}metadata: ${writeFlow(md, anchors)}\nspec: ${writeFlow(spec, anchors)}\n`;
  }),
  fc.tuple(fc.constantFrom(...PROTOTYPE_KEYS), arbTemplate).map(([key, spec]) =>
    `${PROFILE_HEAD}metadata: {name: fz, labels: {${JSON.stringify(key)}: x, app: web}}\nspec: {cpu: 1, memory: 1Gi, ` +
    `disks: [{name: d, size: 1Gi, storageClassName: sc, boot: true, image: "https://example.com/d.img"}], x: ${writeFlow(spec, { count: 0 })}}\n`),
  arbTemplate.map((data) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: ${writeFlow(data, { count: 0 })}\n`),
  fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 })).map(([l, w]) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n${indent(bomb(l, w))}`),
  fc.integer({ min: 1, max: 3000 }).map((d) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n${indent(chain(d))}`),
);

/**
 * One hostile text through `vmprofile synth --keep-other-kinds` (both output formats): the outcome, or why it is a
 * crash. Exit 0 must print output that reads back; exit 1 must print one-line errors, none an internal error,
 * none a stack trace, no line a forged `Warning:` (every warning names the input file).
 */
async function synthText(text: string, format: string): Promise<'accepted' | 'refused' | string> {
  // A valid profile in another file, so that a pass-through object that is fine is written out (synth needs one).
  const io = fakeIo({ 'in.yaml': text, 'ok.yaml': VALID_PROFILE });
  const code = await run(['synth', '-f', 'ok.yaml', '-f', 'in.yaml', '--keep-other-kinds', '-o', format], io);
  if (/\n\s+at /.test(io.err) || io.err.includes('internal error')) return `crash: ${io.err.split('\n').find((l) => l.includes('error')) ?? io.err.slice(0, 200)}`;
  const forged = io.err.split('\n').find((l) => l.startsWith('Warning: ') && !/^Warning: (in|ok)\.yaml/.test(l));
  if (forged) return `forged line: ${forged}`;
  if (code === 0) {
    let objects: unknown[];
    try {
      objects = format === 'json' ? JSON.parse(io.out).items : loadAll(io.out);
    } catch (e) {
      return `output does not read back: ${(e as Error).message.split('\n')[0]}`;
    }
    // A passed-through object comes out exactly as it went in (read back with the reader the CLI uses).
    const written = format === 'json' ? objects : parseDocuments(io.out).documents.map((d) => d.value);
    for (const d of parseDocuments(text).documents) {
      if ((d.value as { kind?: unknown }).kind === 'VirtualMachineProfile') continue;
      if (!written.some((o) => isDeepStrictEqual(o, JSON.parse(JSON.stringify(d.value))))) {
        return `pass-through object changed: ${JSON.stringify(d.value).slice(0, 300)}`;
      }
    }
    return 'accepted';
  }
  return code === 1 && io.out === '' ? 'refused' : `exit ${code} with ${io.out.length} bytes on stdout`;
}

interface Counts {
  accepted: number;
  refused: number;
  crashed: number;
}

const arbCase: fc.Arbitrary<{ kind: Kind; doc: unknown; mutation?: string }> = fc.oneof(
  arbProfile.map((doc) => ({ kind: 'valid' as const, doc })),
  arbCorruptedProfile.map(({ mutation, doc }) => ({ kind: 'corrupted' as const, doc, mutation })),
  arbScrambledProfile.map((doc) => ({ kind: 'scrambled' as const, doc })),
);

async function main(): Promise<number> {
  const runs = Number(process.argv[2] ?? 100000);
  if (!Number.isSafeInteger(runs) || runs <= 0) {
    process.stderr.write('usage: fuzz.ts [runs]\n');
    return 2;
  }
  const counts: Record<Kind, Counts> = {
    valid: { accepted: 0, refused: 0, crashed: 0 },
    corrupted: { accepted: 0, refused: 0, crashed: 0 },
    scrambled: { accepted: 0, refused: 0, crashed: 0 },
    hostile: { accepted: 0, refused: 0, crashed: 0 },
  };
  const failures: string[] = [];
  const started = Date.now();
  // fc.sample in batches keeps memory flat over long runs. One case in four is hostile YAML text.
  const batch = 1000;
  for (let done = 0; done < runs; done += batch) {
    const size = Math.min(batch, runs - done);
    const hostile = Math.floor(size / 4);
    for (const c of fc.sample(arbCase, size - hostile)) {
      try {
        const { manifests } = synthProfiles([{ doc: c.doc }]);
        if (manifests.length === 0) throw new Error('accepted without output');
        counts[c.kind].accepted++;
        if (c.kind === 'corrupted') failures.push(`mutation "${c.mutation}" accepted`);
      } catch (e) {
        if (e instanceof ProfileSynthError) {
          counts[c.kind].refused++;
          if (c.kind === 'valid') failures.push(`valid profile refused: ${e.problems[0]}`);
          continue;
        }
        counts[c.kind].crashed++;
        failures.push(`crash on ${c.kind}: ${e instanceof Error ? e.stack : String(e)}`);
      }
    }
    for (const [i, text] of fc.sample(arbHostileYaml, hostile).entries()) {
      let outcome: string;
      try {
        outcome = await synthText(text, i % 2 === 0 ? 'yaml' : 'json');
      } catch (e) {
        outcome = `crash: ${e instanceof Error ? e.stack : String(e)}`;
      }
      if (outcome === 'accepted' || outcome === 'refused') {
        counts.hostile[outcome]++;
      } else {
        counts.hostile.crashed++;
        failures.push(`hostile YAML: ${outcome}\n--- input:\n${text.slice(0, 2000)}`);
      }
    }
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(`${runs} runs in ${seconds}s\n`);
  for (const [kind, c] of Object.entries(counts)) {
    process.stdout.write(`${kind.padEnd(10)} accepted ${c.accepted}  refused ${c.refused}  crashed ${c.crashed}\n`);
  }
  const total = Object.values(counts).reduce((t, c) => ({
    accepted: t.accepted + c.accepted,
    refused: t.refused + c.refused,
    crashed: t.crashed + c.crashed,
  }));
  process.stdout.write(`total      accepted ${total.accepted}  refused ${total.refused}  crashed ${total.crashed}\n`);
  for (const f of failures.slice(0, 10)) process.stdout.write(`FAIL ${f}\n`);
  return failures.length > 0 ? 1 : 0;
}

main().then((code) => { process.exitCode = code; }, (e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});
