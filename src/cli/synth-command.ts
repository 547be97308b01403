import { toYamlStream } from '../synth';
import { CliIo, parseArgs, UsageError } from './io';
import { synthProfileFiles } from './profile-files';

export const SYNTH_HELP = `Synthesize Kubernetes manifests from VirtualMachineProfile documents.

 Prints a KubeVirt VirtualMachine, CDI DataVolumes, Multus NetworkAttachmentDefinitions and nmstate
 NodeNetworkConfigurationPolicies for every profile, ready for 'kubectl apply -f -'.

Examples:
  # Synthesize one file and apply it
  vmprofile synth -f examples/web-server-01.yaml | kubectl apply -f -

  # Read profiles from stdin and print a JSON List
  cat profiles.yaml | vmprofile synth -f - -o json

  # Write one file per profile
  vmprofile synth -f fleet/ -f extra.yaml --output-dir out/

Options:
  -f, --filename=[]: Files or directories that contain the profiles (a file may hold many documents; '-' reads stdin).
  -R, --recursive=false: Process the directory used in -f, --filename recursively.
  -o, --output='yaml': Output format. One of: yaml, json.
      --output-dir='': Write <profile>.yaml files (and node-networks.yaml) into this directory instead of stdout.
      --include-profile=false: Also emit each VirtualMachineProfile object itself.
      --keep-other-kinds=false: Pass other Kubernetes objects of the input through unchanged instead of refusing them.

Usage:
  vmprofile synth -f FILENAME [options]
`;

/** `vmprofile synth`: documents in, manifests out; on any error nothing on stdout and exit 1. */
export async function runSynth(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, { 'filename': true, 'output': true, 'output-dir': true, 'include-profile': false, 'keep-other-kinds': false, 'recursive': false, 'help': false },
    { f: 'filename', o: 'output', h: 'help', R: 'recursive' });
  if (args.flags.has('help')) {
    io.stdout(SYNTH_HELP);
    return 0;
  }
  const files = args.flags.get('filename') ?? [];
  if (files.length === 0) throw new UsageError('must specify -f');
  const output = args.flags.get('output')?.at(-1) ?? 'yaml';
  if (output !== 'yaml' && output !== 'json') throw new UsageError(`unable to match a printer suitable for the output format "${output}", allowed formats are: json,yaml`);

  const result = synthProfileFiles(files, io, { recursive: args.flags.has('recursive'), keepOtherKinds: args.flags.has('keep-other-kinds') });
  if (!result) return 1;
  let manifests = result.manifests;
  if (args.flags.has('include-profile')) manifests = [...result.inputs.map((i) => i.doc), ...manifests];
  manifests = [...manifests, ...result.others];

  const outDir = args.flags.get('output-dir')?.at(-1);
  if (outDir) {
    for (const [file, objects] of groupByProfile(manifests)) {
      io.writeFile(`${outDir}/${file}.${output}`, render(objects, output));
    }
    return 0;
  }
  io.stdout(render(manifests, output));
  return 0;
}

function render(objects: unknown[], output: string): string {
  return output === 'json' ? `${JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }, null, 2)}\n` : toYamlStream(objects);
}

/** Objects by the profile they belong to (`vmprofile` label, or the profile's own name); cluster-wide ones apart. */
function groupByProfile(objects: any[]): Map<string, any[]> {
  const groups = new Map<string, any[]>();
  for (const o of objects) {
    const owner = o?.metadata?.labels?.vmprofile
      ?? (o?.kind === 'VirtualMachineProfile' ? o.metadata.name : o?.kind === 'NodeNetworkConfigurationPolicy' ? 'node-networks' : 'other-objects');
    const key = o?.metadata?.namespace ? `${o.metadata.namespace}.${owner}` : owner;
    const group = groups.get(key);
    if (group) group.push(o);
    else groups.set(key, [o]);
  }
  return groups;
}
