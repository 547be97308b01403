import { stringify } from 'yaml';
import { FileError } from './files';
import { CliIo, parseArgs, UsageError } from './io';
import { deriveStatus, VirtualMachineProfileStatus } from '../commands/status';
import { parseDocuments, SourceDocument } from '../spec/profile-documents';
import { PROFILE_KIND, VirtualMachineProfileManifest } from '../spec/profile-spec';
import { escapeLine } from '../spec/yaml-limits';

/** `vmprofile status --help`. */
const STATUS_USAGE = `Derive the status of VirtualMachineProfiles from live cluster objects.

 Reads the profiles and what the cluster reports (kubectl get ... -o json or -o yaml output, Lists included) and
 prints each profile's status: phase, vmName, nodeName, conditions, networks and volumes. Nothing is contacted:
 pass the objects in. A missing object is a state (Pending, Creating), not an error.

Examples:
  # Status of one profile from the objects its label selects, plus every NAD of the namespace
  vmprofile status -f web.yaml \\
    -f <(kubectl get vm,vmi,dv,pvc -n production -l vmprofile=web-server-01 -o json) \\
    -f <(kubectl get net-attach-def -n production -o json)

  # Store it on the profile's status subresource
  kubectl patch vmprofile web-server-01 -n production --subresource=status --type=merge \\
    -p "$(kubectl get vm,vmi,dv,pvc,net-attach-def -n production -o json | vmprofile status -f web.yaml -f - -o patch)"

Options:
  -f, --filename=[]: Files with profiles and/or cluster objects, YAML or JSON, several documents each; '-' reads stdin.
      --objects=[]: Files with cluster objects only.
  -o, --output='yaml': Output format. One of: yaml (one status per profile), json, patch (the merge patch for one profile).

Usage:
  vmprofile status -f FILENAME [-f FILENAME...] [--objects FILENAME...] [options]
`;

/** A bad input file: one line for stderr. */
class InputError extends Error {}

/** Documents read from the inputs, split into profiles and cluster objects. */
interface Inputs {
  readonly profiles: VirtualMachineProfileManifest[];
  readonly objects: unknown[];
}

/** Classifies one file's documents (Lists flattened into items); `objectsOnly` files may not hold profiles. */
function classify(file: string, docs: SourceDocument[], objectsOnly: boolean, into: Inputs): void {
  for (const { value: obj, index, item } of docs) {
    const where = item ? `${file}: document ${index}, item ${item}` : `${file}: document ${index}`;
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw new InputError(`${where} is not an object`);
    const kind = (obj as { kind?: unknown }).kind;
    if (typeof kind !== 'string' || kind === '') throw new InputError(`${where} has no kind`);
    if (kind !== PROFILE_KIND) {
      into.objects.push(obj);
      continue;
    }
    if (objectsOnly) throw new InputError(`${where} is a ${PROFILE_KIND}: pass profiles with -f`);
    const name = (obj as { metadata?: { name?: unknown } }).metadata?.name;
    if (typeof name !== 'string' || name === '') throw new InputError(`${where}: ${PROFILE_KIND} has no metadata.name`);
    into.profiles.push(obj as VirtualMachineProfileManifest);
  }
}

function readInputs(io: CliIo, files: string[], objectFiles: string[]): Inputs {
  const inputs: Inputs = { profiles: [], objects: [] };
  const all = [...files.map((f) => [f, false] as const), ...objectFiles.map((f) => [f, true] as const)];
  if (all.filter(([f]) => f === '-').length > 1) throw new UsageError('standard input (-) can be read only once');
  for (const [file, objectsOnly] of all) {
    let text: string;
    try {
      text = io.readFile(file);
    } catch (e) {
      const cause = e instanceof FileError ? e.cause : String((e as Error)?.message ?? e).split('\n')[0];
      throw new InputError(`${file === '-' ? 'standard input' : escapeLine(file)}: cannot read: ${escapeLine(cause)}`);
    }
    // Names go into one-line messages: a newline in one must not start a line of its own.
    const name = file === '-' ? '<stdin>' : escapeLine(file);
    const parsed = parseDocuments(text);
    if (parsed.errors.length > 0) throw new InputError(`${name}: invalid YAML: ${escapeLine(parsed.errors[0])}`);
    classify(name, parsed.documents, objectsOnly, inputs);
  }
  if (inputs.profiles.length === 0) throw new InputError(`no ${PROFILE_KIND} found in ${escapeLine(files.join(', '))}`);
  return inputs;
}

/**
 * A merge patch replaces the whole status except keys it leaves out: absent optional fields become null,
 * so a stale `nodeName` is removed when the VM stops.
 */
export function statusPatch(status: VirtualMachineProfileStatus): { status: Record<string, unknown> } {
  const { phase, vmName, nodeName, ...rest } = status;
  return { status: { phase, vmName, nodeName: nodeName ?? null, ...rest } };
}

function render(format: string, profiles: VirtualMachineProfileManifest[], statuses: VirtualMachineProfileStatus[]): string {
  switch (format) {
    case 'json':
      return JSON.stringify(statuses.length === 1 ? statuses[0] : statuses, null, 2) + '\n';
    case 'patch':
      if (statuses.length !== 1) {
        throw new UsageError(`-o patch needs exactly one profile, got ${statuses.length}: a patch targets one object`);
      }
      return JSON.stringify(statusPatch(statuses[0])) + '\n';
    default: {
      // A stream of several statuses names each profile in a comment: the status itself does not.
      return statuses.map((s, i) => {
        const md = profiles[i].metadata;
        // The name is the user's: escaped, so a newline in it cannot end the comment and inject YAML.
        const header = statuses.length > 1 ? `---\n# ${escapeLine(`${md.namespace ? `${md.namespace}/` : ''}${md.name}`)}\n` : '';
        // YAML 1.1 quoting: kubectl's go-yaml reads 1.1, where an all-digit MAC would be a base-60 number.
        return header + stringify(s, { lineWidth: 0, version: '1.1' });
      }).join('');
    }
  }
}

/** `vmprofile status`: prints the derived status of every profile given. Returns the exit code. */
export async function runStatus(argv: string[], io: CliIo): Promise<number> {
  try {
    const args = parseArgs(argv, { filename: true, objects: true, output: true, help: false }, { f: 'filename', o: 'output', h: 'help' });
    if (args.flags.has('help')) {
      io.stdout(STATUS_USAGE);
      return 0;
    }
    if (args.positional.length > 0) throw new UsageError(`unexpected argument: ${args.positional[0]}`);
    const files = args.flags.get('filename') ?? [];
    if (files.length === 0) throw new UsageError('status needs -f FILE (a VirtualMachineProfile; - reads stdin)');
    const format = (args.flags.get('output') ?? ['yaml']).slice(-1)[0];
    if (!['yaml', 'json', 'patch'].includes(format)) throw new UsageError(`-o must be yaml, json or patch, got "${format}"`);
    const { profiles, objects } = readInputs(io, files, args.flags.get('objects') ?? []);
    const statuses = profiles.map((p) => deriveStatus(p, objects));
    io.stdout(render(format, profiles, statuses));
    return 0;
  } catch (e) {
    // An InputError's parts are escaped where it is made; a UsageError quotes the command line.
    if (e instanceof InputError) {
      io.stderr(`error: ${e.message}\n`);
      return 1;
    }
    if (e instanceof UsageError) {
      io.stderr(`error: ${escapeLine(e.message)}\n`);
      return 1;
    }
    // Anything else is a bug, but the CLI still owes one line rather than a stack trace.
    io.stderr(`error: ${escapeLine(String((e as Error)?.message ?? e).split('\n')[0])}\n`);
    return 1;
  }
}
