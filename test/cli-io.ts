import * as fs from 'node:fs';
import { CliIo } from '../src/cli/io';

/** A CliIo that records output and serves files from a map (falling back to disk). */
export function fakeIo(files: Record<string, string> = {}, stdin = ''): CliIo & { out: string; err: string; written: Record<string, string> } {
  const io = {
    out: '',
    err: '',
    written: {} as Record<string, string>,
    stderrIsTty: false,
    stdout(text: string) { io.out += text; },
    stderr(text: string) { io.err += text; },
    readFile(path: string) {
      if (path === '-') return stdin;
      if (path in files) return files[path];
      return fs.readFileSync(path, 'utf8');
    },
    writeFile(path: string, content: string) { io.written[path] = content; },
    listFiles(dir: string, recursive: boolean) {
      if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) return undefined;
      return (fs.readdirSync(dir, { recursive, withFileTypes: true }) as fs.Dirent[])
        .filter((e) => e.isFile()).map((e) => `${e.parentPath}/${e.name}`).sort();
    },
  };
  return io;
}
