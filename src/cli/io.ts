import { WriteOptions } from './files';

/** What a CLI command may touch: its streams and files. Tests pass fakes; `main.ts` passes the process's. */
export interface CliIo {
  /** True when stderr is a terminal (progress output only then). */
  readonly stderrIsTty: boolean;
  /** Writes to standard output. */
  stdout(text: string): void;
  /** Writes to standard error. */
  stderr(text: string): void;
  /** Reads a file, or standard input for `-`; refuses (throws) files larger than the input cap. */
  readFile(path: string): string;
  /**
   * The files under `path` (sorted; recursive when asked), or undefined when `path` is not a directory.
   * Throws a `FileError` naming a folder it cannot read.
   */
  listFiles(path: string, recursive: boolean): string[] | undefined;
  /** Writes a file all or nothing (temporary file, then rename), creating its folder; `mode` for a new file. */
  writeFile(path: string, content: string, options?: WriteOptions): void;
  /** Removes a file (gone already is fine). */
  removeFile(path: string): void;
}

/** Thrown for a wrong command line; main prints `error: <message>` and exits 1. */
export class UsageError extends Error {}

/** Parsed command line: repeated flags keep every value, in order. */
export interface ParsedArgs {
  /** Flag values by long name (`-f` is stored as `filename`). */
  readonly flags: Map<string, string[]>;
  /** Positional arguments. */
  readonly positional: string[];
}

/**
 * Parses `--flag value`, `--flag=value`, `-f value` and boolean `--flag`, kubectl style.
 * `spec` maps each known flag to whether it takes a value; short aliases map to long names.
 */
export function parseArgs(argv: string[], spec: Record<string, boolean>, aliases: Record<string, string> = {}): ParsedArgs {
  const flags = new Map<string, string[]>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-' || !arg.startsWith('-')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    let name = (eq >= 0 ? arg.slice(0, eq) : arg).replace(/^--?/, '');
    name = aliases[name] ?? name;
    if (!(name in spec)) throw new UsageError(`unknown flag: ${arg}`);
    let value: string;
    if (!spec[name]) {
      value = eq >= 0 ? arg.slice(eq + 1) : 'true';
    } else if (eq >= 0) {
      value = arg.slice(eq + 1);
    } else {
      if (i + 1 >= argv.length) throw new UsageError(`flag needs an argument: ${arg}`);
      value = argv[++i];
    }
    flags.set(name, [...(flags.get(name) ?? []), value]);
  }
  return { flags, positional };
}
