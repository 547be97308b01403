import { notAProfile, parseDocuments } from '../profile-documents';
import { ProfileInput, ProfileSynthError, SynthResult, synthProfiles } from '../synth';
import { CliIo } from './io';
import { Progress } from './progress';

/** Files of a directory that `-f DIR` reads, as kubectl does. */
const MANIFEST_FILE = /\.(ya?ml|json)$/;

/** The profiles of `-f` arguments (files, directories, `-` for stdin), or one problem line per thing that is wrong. */
export function readProfileInputs(files: string[], io: CliIo, recursive = false): { inputs: ProfileInput[]; problems: string[] } {
  const problems: string[] = [];
  const inputs: ProfileInput[] = [];
  const expanded = files.flatMap((f) => (f === '-' ? [f] : io.listFiles(f, recursive)?.filter((p) => MANIFEST_FILE.test(p)) ?? [f]));
  for (const file of expanded) {
    const name = file === '-' ? '<stdin>' : file;
    let text: string;
    try {
      text = io.readFile(file);
    } catch (e) {
      problems.push(`${name}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}`);
      continue;
    }
    const parsed = parseDocuments(text);
    problems.push(...parsed.errors.map((e) => `${name}: ${e}`));
    for (const d of parsed.documents) {
      const where = d.line > 0 ? `${name}:${d.line}` : name;
      const wrongKind = notAProfile(d.value);
      if (wrongKind) problems.push(`${where}: ${wrongKind}`);
      else inputs.push({ doc: d.value, source: where });
    }
  }
  if (problems.length === 0 && inputs.length === 0) problems.push('error: no VirtualMachineProfile documents found');
  return { inputs, problems };
}

/**
 * Reads the `-f` arguments and synthesizes their profiles, as `synth` and `graph` both do: warnings and, on any
 * problem, one line per problem go to stderr. Undefined when something was wrong (the command exits 1).
 */
export function synthProfileFiles(files: string[], io: CliIo, recursive: boolean): (SynthResult & { inputs: ProfileInput[] }) | undefined {
  const { inputs, problems } = readProfileInputs(files, io, recursive);
  let result: SynthResult | undefined;
  // Profiles are checked even when another document is broken: every problem is reported in one run.
  if (inputs.length > 0) {
    const progress = new Progress((text) => io.stderr(text), io.stderrIsTty);
    try {
      result = synthProfiles(inputs, { onProgress: (done, total) => progress.update(done, total) });
    } catch (e) {
      if (!(e instanceof ProfileSynthError)) throw e;
      problems.push(...e.problems);
    } finally {
      progress.finish();
    }
  }
  // One write: a fleet can have thousands of warnings.
  const lines = [...(result?.warnings ?? []), ...problems];
  if (lines.length > 0) io.stderr(`${lines.join('\n')}\n`);
  return result && problems.length === 0 ? { ...result, inputs } : undefined;
}
