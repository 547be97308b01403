/**
 * The CLI's file system access, hardened: reads stop at a size cap (so `/dev/zero` or a runaway pipe cannot fill
 * memory), folder walks report the folder they cannot read, and writes go to a temporary file that is renamed
 * into place, so a failed write never leaves a half-written manifest behind.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MAX_INPUT_BYTES } from '../spec/yaml-limits';

/** A file that cannot be read, listed or written: one line, naming the file and the cause. */
export class FileError extends Error {
  constructor(public readonly file: string, public readonly cause: string) {
    super(`${file}: ${cause}`);
    this.name = 'FileError';
  }
}

/** Words for the codes of errors whose message has none (a stream's `write EPIPE`). */
const CAUSES: Record<string, string> = {
  EPIPE: 'broken pipe',
  ENOSPC: 'no space left on device',
  EIO: 'i/o error',
  EBADF: 'bad file descriptor',
  ECONNRESET: 'connection reset',
};

/** `permission denied (EACCES)` from Node's `EACCES: permission denied, open 'x'`; the message otherwise. */
export function fsCause(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const message = String(err?.message ?? e);
  const m = /^([A-Z0-9_]+): ([^,]*)/.exec(message);
  if (m && err?.code === m[1]) return `${m[2]} (${m[1]})`;
  if (typeof err?.code === 'string' && Object.prototype.hasOwnProperty.call(CAUSES, err.code)) return `${CAUSES[err.code]} (${err.code})`;
  return message.split('\n')[0];
}

/**
 * Reads a file (`0` or `-`: standard input) as UTF-8, at most `max` bytes: one byte more and it throws, after
 * reading no more than `max + 1` bytes. Works on pipes and devices, whose size `stat` does not know.
 */
export function readFileBounded(file: string | number, max = MAX_INPUT_BYTES): string {
  const name = file === 0 || file === '-' ? '<stdin>' : String(file);
  let fd: number;
  try {
    fd = typeof file === 'number' ? file : file === '-' ? 0 : fs.openSync(file, 'r');
  } catch (e) {
    throw new FileError(name, fsCause(e));
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    const chunk = Buffer.allocUnsafe(Math.min(max + 1, 1024 * 1024));
    for (;;) {
      let n: number;
      try {
        n = fs.readSync(fd, chunk, 0, Math.min(chunk.length, max + 1 - total), null);
      } catch (e) {
        // A non-blocking stdin that has nothing yet: wait for it rather than fail.
        if ((e as NodeJS.ErrnoException).code === 'EAGAIN') {
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
          continue;
        }
        if ((e as NodeJS.ErrnoException).code === 'EOF') break;
        throw new FileError(name, fsCause(e));
      }
      if (n === 0) break;
      chunks.push(Buffer.from(chunk.subarray(0, n)));
      total += n;
      if (total > max) throw new FileError(name, `larger than ${max} bytes: not read`);
    }
  } finally {
    if (typeof file !== 'number' && file !== '-') fs.closeSync(fd);
  }
  return Buffer.concat(chunks, total).toString('utf8');
}

/**
 * The files under `dir` (sorted full paths; sub-folders too when `recursive`), or undefined when `dir` is not a
 * folder. A folder that cannot be read throws a {@link FileError} naming it.
 */
export function listFilesChecked(dir: string, recursive: boolean,
  readdir: (d: string) => fs.Dirent[] = (d) => fs.readdirSync(d, { withFileTypes: true })): string[] | undefined {
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(dir, { throwIfNoEntry: false });
  } catch (e) {
    // Below a file: not a folder, as a missing path is not one.
    if ((e as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw new FileError(dir, fsCause(e));
  }
  if (!stat?.isDirectory()) return undefined;
  const files: string[] = [];
  const walk = (d: string) => {
    let entries: fs.Dirent[];
    try {
      entries = readdir(d);
    } catch (e) {
      throw new FileError(d, `cannot read folder: ${fsCause(e)}`);
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isFile()) files.push(p);
      else if (recursive && e.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return files.sort();
}

/** Options of {@link writeFileAtomic}. */
export interface WriteOptions {
  /** Permission bits of a newly written file (0o600 for Secrets). @default 0o644 */
  readonly mode?: number;
}

/**
 * Writes `content` to `file` all or nothing: into a temporary file next to it, then renamed over it (so readers,
 * and `kubectl apply` of the folder, see the old file or the new one, never a part). Creates the folder.
 */
export function writeFileAtomic(file: string, content: string, options: WriteOptions = {}): void {
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`);
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new FileError(dir, code === 'EEXIST' || code === 'ENOTDIR' ? 'not a folder' : `cannot create folder: ${fsCause(e)}`);
  }
  try {
    // A new file (`wx`), so `mode` applies (narrowed by the umask); the rename then replaces the old file and its mode.
    fs.writeFileSync(temp, content, { mode: options.mode ?? 0o644, flag: 'wx' });
    fs.renameSync(temp, file);
  } catch (e) {
    try {
      fs.unlinkSync(temp);
    } catch {
      // Not created, or already renamed.
    }
    throw new FileError(file, `cannot write: ${fsCause(e)}`);
  }
}

/** Removes a file; a file that is already gone is fine. */
export function removeFile(file: string): void {
  try {
    fs.unlinkSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new FileError(file, `cannot remove: ${fsCause(e)}`);
  }
}
