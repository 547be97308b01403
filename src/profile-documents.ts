import { loadAll, YAMLException } from 'js-yaml';
import { PROFILE_API_VERSION, PROFILE_KIND } from './profile-spec';

/** One document of a YAML stream, with where it starts. */
export interface SourceDocument {
  /** The parsed value. */
  readonly value: unknown;
  /** 1-based index in the stream. */
  readonly index: number;
  /** 1-based line where it starts, or 0 when unknown. */
  readonly line: number;
  /** 1-based position in its document's `kind: List`, when it came from one. */
  readonly item?: number;
}

/** The documents of a stream, or the problems that stop reading it. */
export interface ParsedDocuments {
  /** Non-empty documents, in order (items of a `kind: List` are flattened into it). */
  readonly documents: SourceDocument[];
  /** Syntax problems, each `line L, column C: message`. */
  readonly errors: string[];
}

/**
 * Parses a YAML (or JSON) stream of any number of documents; never throws.
 * js-yaml, because fleets are big: it reads a 2,000-profile file ~10 times faster than the `yaml` package.
 */
export function parseDocuments(text: string): ParsedDocuments {
  let values: unknown[];
  try {
    values = loadAll(text);
  } catch (e) {
    if (!(e instanceof YAMLException)) throw e;
    return { documents: [], errors: [`line ${e.mark.line + 1}, column ${e.mark.column + 1}: ${e.reason}`] };
  }
  const starts = documentStartLines(text);
  const lineOf = (i: number) => (starts.length === values.length ? starts[i] : 0);
  const documents: SourceDocument[] = [];
  values.forEach((value, i) => {
    if (value === null || value === undefined) return;
    if (isList(value)) value.items.forEach((item, j) => documents.push({ value: item, index: i + 1, line: lineOf(i), item: j + 1 }));
    else documents.push({ value, index: i + 1, line: lineOf(i) });
  });
  return { documents, errors: [] };
}

/** Lines where documents start: each `---` marker, and the first content line when the stream has no leading one. */
function documentStartLines(text: string): number[] {
  const lines = text.split('\n');
  const starts: number[] = [];
  let seenContent = false;
  lines.forEach((line, i) => {
    if (/^---(\s|$)/.test(line)) {
      starts.push(i + 1);
      seenContent = true;
    } else if (!seenContent && line.trim() !== '' && !line.startsWith('#') && !line.startsWith('%')) {
      starts.push(i + 1);
      seenContent = true;
    }
  });
  return starts;
}

function isList(value: any): value is { items: unknown[] } {
  return typeof value === 'object' && value !== null && value.kind === 'List' && Array.isArray(value.items);
}

/** Why a document is not a VirtualMachineProfile, or undefined when it is one. */
export function notAProfile(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return `expected a ${PROFILE_KIND} object, got ${Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'null' : `a ${typeof value}`}`;
  }
  const { apiVersion, kind } = value as { apiVersion?: unknown; kind?: unknown };
  if (kind !== PROFILE_KIND || apiVersion !== PROFILE_API_VERSION) {
    return `${JSON.stringify(apiVersion ?? null)}/${JSON.stringify(kind ?? null)} is not supported: expected apiVersion ` +
      `"${PROFILE_API_VERSION}", kind "${PROFILE_KIND}"`;
  }
  return undefined;
}
