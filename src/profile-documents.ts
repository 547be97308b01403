import { LineCounter, parseAllDocuments } from 'yaml';
import { PROFILE_API_VERSION, PROFILE_KIND } from './profile-spec';

/** One document of a YAML stream, with where it starts. */
export interface SourceDocument {
  /** The parsed value. */
  readonly value: unknown;
  /** 1-based index in the stream. */
  readonly index: number;
  /** 1-based line where it starts. */
  readonly line: number;
}

/** The documents of a stream, or the problems that stop reading it. */
export interface ParsedDocuments {
  /** Non-empty documents, in order (items of a `kind: List` are flattened into it). */
  readonly documents: SourceDocument[];
  /** Syntax problems, each `line L, column C: message`. */
  readonly errors: string[];
}

/** Parses a YAML (or JSON) stream of any number of documents; never throws. */
export function parseDocuments(text: string): ParsedDocuments {
  const lineCounter = new LineCounter();
  const documents: SourceDocument[] = [];
  const errors: string[] = [];
  parseAllDocuments(text, { lineCounter, prettyErrors: false }).forEach((doc, i) => {
    const line = lineCounter.linePos(doc.range[0]).line;
    if (doc.errors.length > 0) {
      for (const e of doc.errors) {
        const pos = lineCounter.linePos(e.pos[0]);
        errors.push(`line ${pos.line}, column ${pos.col}: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`);
      }
      return;
    }
    const value = doc.toJS({ maxAliasCount: 100 });
    if (value === null || value === undefined) return;
    if (isList(value)) {
      for (const item of value.items) documents.push({ value: item, index: i + 1, line });
    } else {
      documents.push({ value, index: i + 1, line });
    }
  });
  return { documents, errors };
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
