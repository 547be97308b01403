import * as fs from 'node:fs';
import * as path from 'node:path';
import { fakeIo } from './cli-io';
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
    expect(await run(['sinth', '-f', 'x.yaml'], io)).toBe(1);
    expect(io.err).toBe('error: unknown command "sinth" for "vmprofile"\nRun \'vmprofile --help\' for usage.\n');
    expect(io.out).toBe('');
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

  test('other errors are not swallowed', async () => {
    // GIVEN a command that fails unexpectedly WHEN run THEN the error propagates (bin/vmprofile reports it as internal)
    const io = fakeIo();
    const boom = new Error('boom');
    await expect(run(['fake'], io, { fake: async () => async () => { throw boom; } })).rejects.toBe(boom);
    expect(io.err).toBe('');
  });

  test('a UsageError while loading the command is reported the same way', async () => {
    // GIVEN a command whose loader throws a UsageError WHEN run THEN it is reported as a usage error
    const io = fakeIo();
    const code = await run(['fake'], io, { fake: async () => { throw new UsageError('not available'); } });
    expect(code).toBe(1);
    expect(io.err).toBe('error: not available\nSee \'vmprofile fake --help\' for usage.\n');
  });
});
