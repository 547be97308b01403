import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliIo, UsageError } from './io';
import { runSynth } from './synth-command';

const HELP = `vmprofile turns VirtualMachineProfile documents into KubeVirt, CDI, Multus and nmstate manifests.

Basic Commands:
  synth         Synthesize manifests from VirtualMachineProfile files
  crd           Print the VirtualMachineProfile CustomResourceDefinition
  explain       Get documentation for a VirtualMachineProfile field
  status        Derive a profile's status from live cluster objects
  graph         Draw the objects of profiles as a Mermaid or Graphviz graph
  version       Print the version information

Usage:
  vmprofile [command] [options]

Use "vmprofile <command> --help" for more information about a given command.
`;

type Command = (argv: string[], io: CliIo) => Promise<number>;

/** Commands load lazily: `vmprofile synth` on one profile should not pay for the others. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  synth: async () => runSynth,
  status: async () => (await import('./status-command')).runStatus,
  crd: async () => (await import('./crd-command')).runCrd,
  explain: async () => (await import('./explain-command')).runExplain,
  graph: async () => (await import('./graph-command')).runGraph,
  version: async () => async (_argv, io) => {
    io.stdout(`vmprofile version ${packageVersion()}\n`);
    return 0;
  },
};

/** The version in our package.json, found upwards from this file (dist/src/cli when built, src/cli from sources). */
function packageVersion(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')).version;
    if (path.dirname(dir) === dir) return 'unknown';
  }
}

/** The process's own streams and files. */
export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readFile: (file) => fs.readFileSync(file === '-' ? 0 : file, 'utf8'),
    listFiles: (dir, recursive) => {
      if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) return undefined;
      return (fs.readdirSync(dir, { recursive, withFileTypes: true }) as fs.Dirent[])
        .filter((e) => e.isFile())
        .map((e) => path.join(e.parentPath, e.name))
        .sort();
    },
    writeFile: (file, content) => {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
    },
    stderrIsTty: process.stderr.isTTY === true,
  };
}

/** Runs one command line; returns the exit code. Errors in user input never surface as stack traces. */
export async function run(argv: string[], io: CliIo = processIo(), commands: Record<string, () => Promise<Command>> = COMMANDS): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(HELP);
    return name ? 0 : 1;
  }
  const command = commands[name];
  if (!command) {
    io.stderr(`error: unknown command "${name}" for "vmprofile"\nRun 'vmprofile --help' for usage.\n`);
    return 1;
  }
  try {
    return await (await command())(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`error: ${e.message}\nSee 'vmprofile ${name} --help' for usage.\n`);
      return 1;
    }
    throw e;
  }
}
