import * as fs from 'node:fs';
import * as path from 'node:path';
import { fakeIo } from './cli-io';
import { FileError } from '../src/cli/files';
import { UsageError } from '../src/cli/io';
import { run } from '../src/cli/main';

const PACKAGE_VERSION: string = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')).version;

describe('vmprofile help', () => {
  test('no arguments print the help and fail', async () => {
    // GIVEN no command WHEN run THEN the help on stdout, nothing on stderr, exit 1
    const io = fakeIo();
    expect(await run([], io)).toBe(1);
    expect(io.out).toContain('Basic Commands:');
    for (const command of ['synth', 'crd', 'explain', 'status', 'graph', 'version']) expect(io.out).toMatch(new RegExp(`^  ${command} `, 'm'));
    expect(io.err).toBe('');
  });

  test.each(['--help', '-h', 'help'])('%s prints the help and succeeds', async (flag) => {
    // GIVEN an explicit help request WHEN run THEN the same help, exit 0
    const io = fakeIo();
    expect(await run([flag], io)).toBe(0);
    expect(io.out).toContain('Usage:\n  vmprofile [command] [options]');
    expect(io.err).toBe('');
  });
});

describe('unknown commands', () => {
  test('an unknown command is named on stderr and fails', async () => {
    // GIVEN a command that does not exist WHEN run THEN kubectl-style error, nothing on stdout, exit 1
    const io = fakeIo();
    expect(await run(['frobnicate', '-f', 'x.yaml'], io)).toBe(1);
    expect(io.err).toBe('error: unknown command "frobnicate" for "vmprofile"\nRun \'vmprofile --help\' for usage.\n');
    expect(io.out).toBe('');
  });

  test('a mistyped command gets a did-you-mean, cobra style', async () => {
    // GIVEN a command one letter off WHEN run THEN the nearest command is suggested (before: none)
    const io = fakeIo();
    expect(await run(['sinth', '-f', 'x.yaml'], io)).toBe(1);
    expect(io.err).toBe('error: unknown command "sinth" for "vmprofile"\n\nDid you mean this?\n\tsynth\n\nRun \'vmprofile --help\' for usage.\n');
    const upper = fakeIo();
    expect(await run(['STATUS'], upper)).toBe(1);
    expect(upper.err).toContain('Did you mean this?\n\tstatus\n');
  });

  test('an unknown command named like an Object.prototype member or with a newline is just unknown, escaped', async () => {
    // GIVEN names that reach the prototype of the command table, or forge a line WHEN run
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const io = fakeIo();
      // THEN unknown (before: `constructor` was found on the prototype and called)
      expect(await run([name], io)).toBe(1);
      expect(io.err).toMatch(/^error: unknown command "/);
    }
    const io = fakeIo();
    expect(await run(['x\nWarning: forged'], io)).toBe(1);
    expect(io.err.split('\n')[0]).toBe('error: unknown command "x\\nWarning: forged" for "vmprofile"');
    expect(io.err).not.toMatch(/^Warning:/m);
  });

  test('a huge unknown command costs no edit distance', async () => {
    // GIVEN a 1 MB command name WHEN run THEN refused without a suggestion (the length alone rules every command out)
    const io = fakeIo();
    expect(await run(['s'.repeat(1_000_000)], io)).toBe(1);
    expect(io.err).not.toContain('Did you mean');
  });

  test('commands are looked up in the given table only', async () => {
    // GIVEN a command table without "synth" WHEN synth is run THEN it is unknown
    const io = fakeIo();
    expect(await run(['synth'], io, {})).toBe(1);
    expect(io.err).toContain('unknown command "synth"');
  });
});

describe('vmprofile version', () => {
  // From the sources (src/cli) as from the build (dist/src/cli): package.json is found upwards.
  test('prints the package.json version', async () => {
    // GIVEN the version command WHEN run in-process from the sources THEN `vmprofile version <version>`, exit 0
    const io = fakeIo();
    expect(await run(['version'], io)).toBe(0);
    expect(io.out).toBe(`vmprofile version ${PACKAGE_VERSION}\n`);
    expect(io.err).toBe('');
  });
});

describe('command dispatch', () => {
  test('a command receives the remaining arguments and the io, and its exit code is returned', async () => {
    // GIVEN a fake command WHEN run with arguments THEN it gets them without its own name and its code is passed on
    const io = fakeIo();
    const calls: string[][] = [];
    const code = await run(['fake', '-o', 'json', 'x'], io, {
      fake: async () => async (argv, cio) => { calls.push(argv); cio.stdout('done\n'); return 3; },
    });
    expect(code).toBe(3);
    expect(calls).toEqual([['-o', 'json', 'x']]);
    expect(io.out).toBe('done\n');
  });

  test('a UsageError prints error and a usage hint naming the command', async () => {
    // GIVEN a command that refuses its command line WHEN run THEN `error: …` and the hint on stderr, exit 1
    const io = fakeIo();
    const code = await run(['fake', '--bogus'], io, {
      fake: async () => async () => { throw new UsageError('unknown flag: --bogus'); },
    });
    expect(code).toBe(1);
    expect(io.err).toBe('error: unknown flag: --bogus\nSee \'vmprofile fake --help\' for usage.\n');
    expect(io.out).toBe('');
  });

  test('any other error is one line on stderr, exit 1, never a stack trace', async () => {
    // GIVEN a command that fails unexpectedly, with a multi-line message WHEN run
    const io = fakeIo();
    const code = await run(['fake'], io, { fake: async () => async () => { throw new Error('boom\n    at somewhere (x.ts:1:1)'); } });
    // THEN one line naming it an internal error, exit 1 (before: the error propagated to bin/vmprofile's stack trace)
    expect(code).toBe(1);
    expect(io.err).toBe('error: internal error (please report it): boom\n');
  });

  test('a FileError is one line naming the file and the cause', async () => {
    const io = fakeIo();
    const code = await run(['fake'], io, { fake: async () => async () => { throw new FileError('out/a.yaml', 'cannot write: no space left on device (ENOSPC)'); } });
    expect(code).toBe(1);
    expect(io.err).toBe('error: out/a.yaml: cannot write: no space left on device (ENOSPC)\n');
  });

  test('a UsageError while loading the command is reported the same way', async () => {
    // GIVEN a command whose loader throws a UsageError WHEN run THEN it is reported as a usage error
    const io = fakeIo();
    const code = await run(['fake'], io, { fake: async () => { throw new UsageError('not available'); } });
    expect(code).toBe(1);
    expect(io.err).toBe('error: not available\nSee \'vmprofile fake --help\' for usage.\n');
  });
});
