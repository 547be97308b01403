import * as fs from 'node:fs';
import { listFilesChecked, readFileBounded, removeFile, writeFileAtomic, WriteOptions } from '../src/cli/files';
import { CliIo } from '../src/cli/io';

/** What the fake records besides the streams. */
export interface FakeIoRecord {
  out: string;
  err: string;
  /** Written files and their content. */
  written: Record<string, string>;
  /** Mode of each written file (0o644 unless asked). */
  modes: Record<string, number>;
  /** Removed files, in order. */
  removed: string[];
}

/** A CliIo that records output and serves files from a map (falling back to disk). */
export function fakeIo(files: Record<string, string> = {}, stdin = ''): CliIo & FakeIoRecord {
  const io = {
    out: '',
    err: '',
    written: {} as Record<string, string>,
    modes: {} as Record<string, number>,
    removed: [] as string[],
    stderrIsTty: false,
    stdout(text: string) { io.out += text; },
    stderr(text: string) { io.err += text; },
    readFile(path: string) {
      if (path === '-') return stdin;
      if (path in files) return files[path];
      return fs.readFileSync(path, 'utf8');
    },
    writeFile(path: string, content: string, options?: WriteOptions) {
      io.written[path] = content;
      io.modes[path] = options?.mode ?? 0o644;
    },
    removeFile(path: string) { io.removed.push(path); },
    listFiles(dir: string, recursive: boolean) {
      if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) return undefined;
      return (fs.readdirSync(dir, { recursive, withFileTypes: true }) as fs.Dirent[])
        .filter((e) => e.isFile()).map((e) => `${e.parentPath}/${e.name}`).sort();
    },
  };
  return io;
}

/** A CliIo over the real file system (hardened reads and atomic writes, as the CLI's), recording the streams. */
export function diskIo(): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stderrIsTty: false,
    stdout(text: string) { io.out += text; },
    stderr(text: string) { io.err += text; },
    readFile: (path: string) => readFileBounded(path),
    listFiles: (dir: string, recursive: boolean) => listFilesChecked(dir, recursive),
    writeFile: (path: string, content: string, options?: WriteOptions) => writeFileAtomic(path, content, options),
    removeFile: (path: string) => removeFile(path),
  };
  return io;
}
