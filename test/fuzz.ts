/**
 * Fuzzes the whole pipeline (validate, plan, render) through `synthProfiles`, the CLI's engine:
 * `npx ts-node --transpile-only test/fuzz.ts [runs]` (default 100000; `npx projen fuzz`).
 * Mixes valid profiles, table corruptions and scrambled profiles; prints how many were accepted (synthesized),
 * refused (ProfileSynthError, no output) and crashed (any other exception), and exits 1 when a valid profile is
 * refused, a corruption accepted or anything crashes.
 */
import * as fc from 'fast-check';
import { arbCorruptedProfile, arbProfile, arbScrambledProfile } from './arbitraries';
import { ProfileSynthError, synthProfiles } from '../src/synth';

type Kind = 'valid' | 'corrupted' | 'scrambled';

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

function main(): number {
  const runs = Number(process.argv[2] ?? 100000);
  if (!Number.isSafeInteger(runs) || runs <= 0) {
    process.stderr.write('usage: fuzz.ts [runs]\n');
    return 2;
  }
  const counts: Record<Kind, Counts> = {
    valid: { accepted: 0, refused: 0, crashed: 0 },
    corrupted: { accepted: 0, refused: 0, crashed: 0 },
    scrambled: { accepted: 0, refused: 0, crashed: 0 },
  };
  const failures: string[] = [];
  const started = Date.now();
  // fc.sample in batches keeps memory flat over long runs.
  const batch = 1000;
  for (let done = 0; done < runs; done += batch) {
    for (const c of fc.sample(arbCase, Math.min(batch, runs - done))) {
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

process.exitCode = main();
