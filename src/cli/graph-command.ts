import { CliIo, parseArgs, UsageError } from './io';
import { synthProfileFiles } from './profile-files';
import { profileGraph, toDot, toMermaid } from '../commands/graph';
import { VirtualMachineProfileManifest } from '../spec/profile-spec';

const GRAPH_HELP = `Draw the objects of VirtualMachineProfile documents as a graph.

 Prints a Mermaid flowchart (renders in GitHub Markdown inside a \`\`\`mermaid block) or a Graphviz digraph:
 profiles, their VirtualMachines, interfaces, NetworkAttachmentDefinitions, node bridges and
 NodeNetworkConfigurationPolicies, disks, DataVolumes, PersistentVolumeClaims and StorageClasses. Objects that
 several profiles share are drawn once. Invalid profiles fail exactly as with 'vmprofile synth'.

Examples:
  # Draw one profile as Mermaid
  vmprofile graph -f examples/web-server-01.yaml

  # Draw several files with Graphviz
  vmprofile graph -f examples/simple-vm.yaml -f examples/web-server-01.yaml -o dot | dot -Tsvg > vms.svg

  # Read profiles from stdin
  cat profiles.yaml | vmprofile graph -f -

Options:
  -f, --filename=[]: Files or directories that contain the profiles (a file may hold many documents; '-' reads stdin).
  -R, --recursive=false: Process the directory used in -f, --filename recursively.
  -o, --output='mermaid': Output format. One of: mermaid, dot.

Usage:
  vmprofile graph -f FILENAME [options]
`;

const FORMATS: Record<string, (docs: VirtualMachineProfileManifest[]) => string> = {
  mermaid: (docs) => toMermaid(profileGraph(docs)),
  dot: (docs) => toDot(profileGraph(docs)),
};

/** The profile documents of the files, or one line per problem (unreadable file, bad YAML, wrong kind). */

/**
 * `vmprofile graph`: documents in, a Mermaid or DOT graph out. The profiles go through `synthProfiles` first, so
 * what synth refuses (invalid fields, contradicting profiles) is refused here with the same lines, and the picture
 * never shows a set of objects that cannot be applied.
 */
export async function runGraph(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, { filename: true, output: true, recursive: false, help: false }, { f: 'filename', o: 'output', h: 'help', R: 'recursive' });
  if (args.flags.has('help')) {
    io.stdout(GRAPH_HELP);
    return 0;
  }
  if (args.positional.length > 0) throw new UsageError(`unexpected argument: ${args.positional[0]}`);
  const files = args.flags.get('filename') ?? [];
  if (files.length === 0) throw new UsageError('must specify -f');
  const output = args.flags.get('output')?.at(-1) ?? 'mermaid';
  const render = FORMATS[output];
  if (!render) {
    throw new UsageError(`unable to match a printer suitable for the output format "${output}", allowed formats are: ${Object.keys(FORMATS).join(',')}`);
  }

  const result = synthProfileFiles(files, io, { recursive: args.flags.has('recursive') });
  if (!result) return 1;
  io.stdout(render(result.inputs.map((i) => i.doc as VirtualMachineProfileManifest)));
  return 0;
}
