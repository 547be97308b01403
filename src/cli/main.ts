import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileError, fsCause, listFilesChecked, readFileBounded, removeFile, writeFileAtomic } from './files';
import { CliIo, UsageError } from './io';
import { runSynth } from './synth-command';
import { closestCandidate, escapeLine } from '../spec/yaml-limits';

const HELP = `vmprofile turns VirtualMachineProfile documents into KubeVirt, CDI, Multus and nmstate manifests.

Basic Commands:
  synth         Synthesize manifests from VirtualMachineProfile files
  crd           Print the VirtualMachineProfile CustomResourceDefinition
  explain       Get documentation for a VirtualMachineProfile field
  status        Derive a profile's status from live cluster objects
  graph         Draw the objects of profiles as a Mermaid or Graphviz graph
  controller    Run the VirtualMachineProfile controller, or print its install manifests
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
  controller: async () => (await import('./controller-command')).runController,
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

let outputErrorsHandled = false;

/**
 * What the CLI does when standard output fails (EPIPE when the reader went away, ENOSPC on a full disk): one line
 * on stderr naming it and the cause, exit 1, instead of an unhandled 'error' event and its stack trace.
 */
function onOutputError(e: unknown, writeStderr: (text: string) => void, exit: (code: number) => never): never {
  try {
    writeStderr(`error: <stdout>: cannot write: ${escapeLine(fsCause(e))}\n`);
  } catch {
    // stderr is gone too: the exit code is all that is left.
  }
  return exit(1);
}

/** The process's own streams and files. */
export function processIo(): CliIo {
  if (!outputErrorsHandled) {
    outputErrorsHandled = true;
    const exit = (code: number): never => process.exit(code);
    process.stdout.on('error', (e) => onOutputError(e, (text) => fs.writeSync(2, text), exit));
    process.stderr.on('error', () => exit(1));
  }
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readFile: (file) => readFileBounded(file),
    listFiles: (dir, recursive) => listFilesChecked(dir, recursive),
    writeFile: (file, content, options) => writeFileAtomic(file, content, options),
    removeFile: (file) => removeFile(file),
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
  const command = Object.prototype.hasOwnProperty.call(commands, name) ? commands[name] : undefined;
  if (!command) {
    const guess = closestCandidate(name, Object.keys(commands));
    io.stderr(`error: unknown command "${escapeLine(name)}" for "vmprofile"\n` +
      `${guess ? `\nDid you mean this?\n\t${guess}\n\n` : ''}Run 'vmprofile --help' for usage.\n`);
    return 1;
  }
  try {
    return await (await command())(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`error: ${escapeLine(e.message)}\nSee 'vmprofile ${name} --help' for usage.\n`);
      return 1;
    }
    if (e instanceof FileError) {
      io.stderr(`error: ${escapeLine(e.file)}: ${escapeLine(e.cause)}\n`);
      return 1;
    }
    // Anything else is a bug, but the CLI still owes one line rather than a stack trace.
    io.stderr(`error: internal error (please report it): ${escapeLine(String((e as Error)?.message ?? e).split('\n')[0])}\n`);
    return 1;
  }
}
