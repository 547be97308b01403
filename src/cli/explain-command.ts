import { CliIo, parseArgs, UsageError } from './io';
import { explain } from '../commands/explain';
import { PROFILE_API_VERSION } from '../spec/profile-spec';

const HELP = `Describe fields of the VirtualMachineProfile resource, offline, from its CRD schema.

 Fields are identified via a simple JSONPath identifier:

        <type>.<fieldName>[.<fieldName>]

 The leading type (virtualmachineprofile, vmprofile, vmp) is optional. Information about each field is
retrieved from the CRD schema, which is generated from the TypeScript types and their documentation.

Examples:
  # Get the documentation of the resource and its fields
  vmprofile explain virtualmachineprofile

  # Get the documentation of a specific field
  vmprofile explain vmp.spec.networks.ipConfig

  # Get all the fields below spec
  vmprofile explain spec --recursive

Options:
    --api-version='':
\tUse the given api-version (group/version); only ${PROFILE_API_VERSION} exists.

    --recursive=false:
\tWhen true, print the name of all the fields recursively. Otherwise, print the available fields with their
\tdescription.

Usage:
  vmprofile explain TYPE[.FIELD[.FIELD...]] [options]
`;

/** `vmprofile explain <path> [--recursive]`: documentation of one field. */
export async function runExplain(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, { 'recursive': false, 'api-version': true, 'help': false }, { h: 'help' });
  if (args.flags.has('help')) {
    io.stdout(HELP);
    return 0;
  }
  if (args.positional.length !== 1) {
    throw new UsageError(args.positional.length === 0
      ? 'You must specify the type of resource to explain, e.g. "vmprofile explain virtualmachineprofile.spec"'
      : 'We accept only this format: explain RESOURCE[.FIELD...]');
  }
  const apiVersion = args.flags.get('api-version')?.at(-1);
  if (apiVersion !== undefined && apiVersion !== PROFILE_API_VERSION) {
    io.stderr(`error: couldn't find resource for "${apiVersion}": only ${PROFILE_API_VERSION} is served\n`);
    return 1;
  }
  const recursive = args.flags.get('recursive')?.at(-1) === 'true';
  try {
    io.stdout(explain(args.positional[0], { recursive }));
    return 0;
  } catch (e) {
    io.stderr(`error: ${(e as Error).message}\n`);
    return 1;
  }
}
