import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileError, fsCause, listFilesChecked, readFileBounded, removeFile, writeFileAtomic } from '../src/cli/files';
import { processIo } from '../src/cli/main';
import { MAX_INPUT_BYTES } from '../src/spec/yaml-limits';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'vmprofile-files-'));

describe('readFileBounded', () => {
  test('reads a file up to the cap exactly', () => {
    // GIVEN a file of exactly `max` bytes WHEN read with that cap THEN all of it
    const dir = tmp();
    const file = path.join(dir, 'a.yaml');
    fs.writeFileSync(file, 'é'.repeat(50));
    expect(readFileBounded(file, 100)).toBe('é'.repeat(50));
    fs.rmSync(dir, { recursive: true });
  });

  test('fails: one byte over the cap is refused naming the file', () => {
    const dir = tmp();
    const file = path.join(dir, 'a.yaml');
    fs.writeFileSync(file, 'x'.repeat(101));
    expect(() => readFileBounded(file, 100)).toThrow(new FileError(file, 'larger than 100 bytes: not read'));
    fs.rmSync(dir, { recursive: true });
  });

  test('fails: /dev/zero stops at the cap instead of filling memory', () => {
    // GIVEN an endless device WHEN read with a 1 MiB cap THEN refused (before: readFileSync read until out of memory)
    expect(() => readFileBounded('/dev/zero', 1024 * 1024)).toThrow('/dev/zero: larger than 1048576 bytes: not read');
  });

  test('fails: the CLI reads /dev/zero up to its 64 MiB cap and no further', () => {
    // GIVEN the process's own io WHEN it reads /dev/zero THEN the cap error, and the process grew by about the cap only
    const before = process.memoryUsage().rss;
    expect(() => processIo().readFile('/dev/zero')).toThrow(`/dev/zero: larger than ${MAX_INPUT_BYTES} bytes: not read`);
    expect(process.memoryUsage().rss - before).toBeLessThan(4 * MAX_INPUT_BYTES);
  });

  test('fails: a missing file or a folder is one FileError with the cause in words', () => {
    expect(() => readFileBounded('/nonexistent/x.yaml')).toThrow(new FileError('/nonexistent/x.yaml', 'no such file or directory (ENOENT)'));
    expect(() => readFileBounded(os.tmpdir())).toThrow(new FileError(os.tmpdir(), 'illegal operation on a directory (EISDIR)'));
  });
});

describe('listFilesChecked', () => {
  test('lists files, sorted, recursively when asked; undefined for a file or a path below a file', () => {
    const dir = tmp();
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.writeFileSync(path.join(dir, 'b.yaml'), '');
    fs.writeFileSync(path.join(dir, 'sub', 'a.yaml'), '');
    expect(listFilesChecked(dir, false)).toEqual([path.join(dir, 'b.yaml')]);
    expect(listFilesChecked(dir, true)).toEqual([path.join(dir, 'b.yaml'), path.join(dir, 'sub', 'a.yaml')]);
    expect(listFilesChecked(path.join(dir, 'b.yaml'), true)).toBeUndefined();
    expect(listFilesChecked(path.join(dir, 'b.yaml', 'x'), true)).toBeUndefined();
    fs.rmSync(dir, { recursive: true });
  });

  test('fails: an unreadable sub-folder under -R is a FileError naming that folder', () => {
    // GIVEN a tree whose sub-folder cannot be read (a readdir that fails as EACCES does; tests may run as root)
    const dir = tmp();
    fs.mkdirSync(path.join(dir, 'locked'));
    const readdir = (d: string) => {
      if (d.endsWith('locked')) throw Object.assign(new Error(`EACCES: permission denied, scandir '${d}'`), { code: 'EACCES' });
      return fs.readdirSync(d, { withFileTypes: true });
    };
    // WHEN listed recursively THEN one error naming the folder and the cause (before: readdirSync's stack trace)
    expect(() => listFilesChecked(dir, true, readdir)).toThrow(new FileError(path.join(dir, 'locked'), 'cannot read folder: permission denied (EACCES)'));
    fs.rmSync(dir, { recursive: true });
  });
});

describe('writeFileAtomic', () => {
  test('writes with the mode asked, creating the folder', () => {
    const dir = tmp();
    const file = path.join(dir, 'new', 'a.yaml');
    writeFileAtomic(file, 'x', { mode: 0o600 });
    expect(fs.readFileSync(file, 'utf8')).toBe('x');
    expect((fs.statSync(file).mode % 0o1000).toString(8)).toBe('600');
    fs.rmSync(dir, { recursive: true });
  });

  test('fails: a write that cannot complete leaves the old file and no temporary file', () => {
    // GIVEN a target that cannot be replaced (a non-empty folder in its place)
    const dir = tmp();
    fs.mkdirSync(path.join(dir, 'a.yaml'));
    fs.writeFileSync(path.join(dir, 'a.yaml', 'keep'), 'k');
    // WHEN written THEN one FileError, and the folder holds exactly what it held
    expect(() => writeFileAtomic(path.join(dir, 'a.yaml'), 'new')).toThrow(/a\.yaml: cannot write: /);
    expect(fs.readdirSync(dir)).toEqual(['a.yaml']);
    expect(fs.readdirSync(path.join(dir, 'a.yaml'))).toEqual(['keep']);
    fs.rmSync(dir, { recursive: true });
  });

  test('fails: a folder that is a file is named as such', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'out'), '');
    expect(() => writeFileAtomic(path.join(dir, 'out', 'a.yaml'), 'x')).toThrow(new FileError(path.join(dir, 'out'), 'not a folder'));
    fs.rmSync(dir, { recursive: true });
  });
});

describe('removeFile and fsCause', () => {
  test('removing a missing file is fine; the cause of an fs error is worded, code in brackets', () => {
    expect(() => removeFile('/nonexistent/x')).not.toThrow();
    expect(fsCause(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }))).toBe('no space left on device (ENOSPC)');
    expect(fsCause(new Error('other\nlines'))).toBe('other');
  });
});
