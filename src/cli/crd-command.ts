import { stringify } from 'yaml';
import { CliIo, parseArgs, UsageError } from './io';
import { profileCrdManifest } from '../commands/crd';

const HELP = `Print the VirtualMachineProfile CustomResourceDefinition (vm.example.com/v1alpha1).

Examples:
  # Install the CRD into the current cluster
  vmprofile crd | kubectl apply -f -

  # Print it as JSON
  vmprofile crd -o json

Options:
    -o, --output='yaml':
\tOutput format. One of: (yaml, json).

Usage:
  vmprofile crd [-o yaml|json] [options]
`;

/** `vmprofile crd [-o yaml|json]`: the CRD on stdout. */
export async function runCrd(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, { output: true, help: false }, { o: 'output', h: 'help' });
  if (args.flags.has('help')) {
    io.stdout(HELP);
    return 0;
  }
  if (args.positional.length > 0) throw new UsageError(`unexpected argument: ${args.positional[0]}`);
  const output = args.flags.get('output')?.at(-1) ?? 'yaml';
  const crd = profileCrdManifest();
  if (output === 'json') {
    io.stdout(`${JSON.stringify(crd, null, 2)}\n`);
  } else if (output === 'yaml') {
    // lineWidth 0: long descriptions and CEL rules stay on one line, as kubectl prints them.
    io.stdout(stringify(crd, { lineWidth: 0 }));
  } else {
    throw new UsageError(`unable to match a printer suitable for the output format "${output}", allowed formats are: json,yaml`);
  }
  return 0;
}
