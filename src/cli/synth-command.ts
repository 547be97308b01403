import { CliIo, parseArgs, UsageError } from './io';
import { NODE_NETWORKS_FILE, OTHER_OBJECTS_FILE, OUTPUT_INDEX, OutputLayoutError, SHARED_NETWORKS_FILE, writeOutputDir } from './output-dir';
import { synthProfileFiles } from './profile-files';
import { escapeLine } from '../spec/yaml-limits';
import { toYamlStream } from '../synth/synth';

const SYNTH_HELP = `Synthesize Kubernetes manifests from VirtualMachineProfile documents.

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
      --output-dir='': Write files into this directory instead of stdout: <namespace>.<name>.yaml (<name>.yaml
          without a namespace) per profile with everything only it uses, ${SHARED_NETWORKS_FILE}.yaml (NADs several profiles
          use), ${NODE_NETWORKS_FILE}.yaml (NodeNetworkConfigurationPolicies), ${OTHER_OBJECTS_FILE}.yaml (--keep-other-kinds);
          .json with -o json. Apply the whole directory. Files holding a Secret get mode 0600. ${OUTPUT_INDEX} lists the
          files written; the next run deletes those it no longer writes and warns about other manifest files there.
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
  const outDir = args.flags.get('output-dir')?.at(-1);
  const includeProfile = args.flags.has('include-profile');
  if (outDir) {
    const profiles = result.inputs.map((i) => {
      const md = (i.doc as { metadata: { name: string; namespace?: string } }).metadata;
      return { name: md.name, namespace: md.namespace };
    });
    let warnings: string[];
    try {
      warnings = writeOutputDir(io, outDir, {
        profiles,
        manifests: result.manifests,
        profileDocuments: includeProfile ? result.inputs.map((i) => i.doc) : [],
        others: result.others,
      }, output, (objects) => render(objects, output));
    } catch (e) {
      if (!(e instanceof OutputLayoutError)) throw e;
      io.stderr(`error: --output-dir ${escapeLine(outDir)}: ${escapeLine(e.message)}\n`);
      return 1;
    }
    if (warnings.length > 0) io.stderr(`${warnings.join('\n')}\n`);
    return 0;
  }
  let manifests = result.manifests;
  if (includeProfile) manifests = result.inputs.map((i) => i.doc).concat(manifests);
  manifests = manifests.concat(result.others);
  io.stdout(render(manifests, output));
  return 0;
}

function render(objects: unknown[], output: string): string {
  return output === 'json' ? `${JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }, null, 2)}\n` : toYamlStream(objects);
}
