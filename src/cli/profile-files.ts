import { FileError } from './files';
import { CliIo } from './io';
import { Progress } from './progress';
import { profileSubject } from '../plan/naming';
import { merged } from '../render/object-merge';
import { notAProfile, parseDocuments } from '../spec/profile-documents';
import { PROFILE_KIND } from '../spec/profile-spec';
import { breaksLine, escapeLine, findLineBreakingKey } from '../spec/yaml-limits';
import { ProfileInput, ProfileSynthError, SynthResult, synthProfiles } from '../synth/synth';
import { goQuote } from '../validate/field-error';

/** Files of a directory that `-f DIR` reads, as kubectl does. */
const MANIFEST_FILE = /\.(ya?ml|json)$/;

/** How `-f` arguments are read. */
export interface ReadOptions {
  /** Descend into sub-directories of `-f DIR` (`-R`). */
  readonly recursive?: boolean;
  /** Collect Kubernetes objects of other kinds instead of refusing them (`--keep-other-kinds`). */
  readonly keepOtherKinds?: boolean;
}

/** What `-f` arguments hold. */
export interface ProfileFiles {
  /** The VirtualMachineProfile documents. */
  readonly inputs: ProfileInput[];
  /** Other Kubernetes objects, when kept. */
  readonly others: unknown[];
  /** One line per thing that is wrong. */
  readonly problems: string[];
}

/** Is it a Kubernetes object of another kind (a profile of another apiVersion is a mistake, not another kind)? */
function isOtherKind(value: unknown): boolean {
  const o = value as { apiVersion?: unknown; kind?: unknown };
  return typeof o === 'object' && o !== null && typeof o.apiVersion === 'string' && typeof o.kind === 'string' && o.kind !== PROFILE_KIND;
}

/**
 * Why a profile cannot even be named in a one-line message: a name, namespace or key with a line break or a control
 * character (it would split the error line, or forge a `Warning:` line). Such a profile is refused before validation
 * with this one line, its subject and field path escaped; undefined for every other profile.
 */
function lineBreakingName(doc: unknown): string | undefined {
  const metadata = (doc as { metadata?: Record<string, unknown> }).metadata;
  const subject = escapeLine(profileSubject(metadata));
  for (const field of ['name', 'namespace']) {
    const v = typeof metadata === 'object' && metadata !== null ? metadata[field] : undefined;
    if (typeof v === 'string' && breaksLine(v)) {
      return `${subject}: metadata.${field}: Invalid value: ${goQuote(v)}: must not contain line breaks or control characters`;
    }
  }
  const key = findLineBreakingKey(doc);
  return key === undefined ? undefined : `${subject}: ${key}: Invalid value: a key with a line break or a control character`;
}

/** The documents of `-f` arguments (files, directories, `-` for stdin). */
function readProfileInputs(files: string[], io: CliIo, options: ReadOptions = {}): ProfileFiles {
  const problems: string[] = [];
  const inputs: ProfileInput[] = [];
  const others: unknown[] = [];
  const recursive = options.recursive === true;
  const expanded: string[] = [];
  for (const f of files) {
    if (f === '-') {
      expanded.push(f);
      continue;
    }
    try {
      const listed = io.listFiles(f, recursive);
      if (listed) for (const p of listed) if (MANIFEST_FILE.test(p)) expanded.push(p);
      if (!listed) expanded.push(f);
    } catch (e) {
      if (!(e instanceof FileError)) throw e;
      problems.push(`${escapeLine(e.file)}: ${escapeLine(e.cause)}`);
    }
  }
  for (const file of expanded) {
    // File names go into one-line messages: a name with a newline must not start a line of its own.
    const name = file === '-' ? '<stdin>' : escapeLine(file);
    let text: string;
    try {
      text = io.readFile(file);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      problems.push(e instanceof FileError ? `${name}: ${escapeLine(e.cause)}`
        : `${name}: ${err?.code === 'ENOENT' ? 'no such file or directory' : escapeLine(String(err?.message ?? e).split('\n')[0])}`);
      continue;
    }
    const parsed = parseDocuments(text);
    for (const error of parsed.errors) problems.push(`${name}: ${escapeLine(error)}`);
    for (const d of parsed.documents) {
      const where = d.line > 0 ? `${name}:${d.line}` : name;
      const wrongKind = notAProfile(d.value);
      const unprintable = wrongKind ? undefined : lineBreakingName(d.value);
      if (unprintable) problems.push(`${where}: ${unprintable}`);
      else if (!wrongKind) inputs.push({ doc: d.value, source: where });
      else if (options.keepOtherKinds && isOtherKind(d.value)) others.push(d.value);
      else problems.push(`${where}: ${escapeLine(wrongKind)}`);
    }
  }
  if (problems.length === 0 && inputs.length === 0) problems.push('error: no VirtualMachineProfile documents found');
  return { inputs, others, problems };
}

/**
 * Reads the `-f` arguments and synthesizes their profiles, as `synth` and `graph` both do: warnings and, on any
 * problem, one line per problem go to stderr. Undefined when something was wrong (the command exits 1).
 */
export function synthProfileFiles(files: string[], io: CliIo, options: ReadOptions = {}): (SynthResult & Omit<ProfileFiles, 'problems'>) | undefined {
  const { inputs, others, problems } = readProfileInputs(files, io, options);
  let result: SynthResult | undefined;
  // Profiles are checked even when another document is broken: every problem is reported in one run.
  if (inputs.length > 0) {
    const progress = new Progress((text) => io.stderr(text), io.stderrIsTty);
    try {
      result = synthProfiles(inputs, { onProgress: (done, total) => progress.update(done, total) });
    } catch (e) {
      if (e instanceof ProfileSynthError) {
        // A loop, not push(...): a profile can have more errors than a call has room for arguments.
        for (const p of e.problems) problems.push(p);
      } else {
        // A bug, but still one line that names the input (the sources of the profiles) and the cause.
        const sources = [...new Set(inputs.map((i) => String(i.source ?? '').replace(/:\d+$/, '')))].join(', ');
        problems.push(`${sources}: internal error while synthesizing (please report it): ${escapeLine(String((e as Error)?.message ?? e).split('\n')[0])}`);
      }
    } finally {
      progress.finish();
    }
  }
  // One write: a fleet can have thousands of warnings. (concat, not a spread: there can be more than 120,000.)
  const lines = (result?.warnings ?? []).concat(problems);
  if (lines.length > 0) io.stderr(`${lines.join('\n')}\n`);
  return result && problems.length === 0 ? merged(result, { inputs, others }) : undefined;
}
