import { notAProfile, parseDocuments } from '../profile-documents';
import { ProfileInput } from '../synth';
import { CliIo } from './io';

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
