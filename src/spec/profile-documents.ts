import * as jsYaml from 'js-yaml';
import { CORE_SCHEMA, loadAll, Type, YAMLException } from 'js-yaml';
import { PROFILE_API_VERSION, PROFILE_KIND } from './profile-spec';
import { checkAnnotations, checkDocument, LimitViolation, MAX_INPUT_BYTES, StreamBudget } from './yaml-limits';

/**
 * What a Kubernetes YAML reader resolves: YAML 1.2 core scalars (strings, ints, floats, booleans, null) and merge
 * keys (`<<`), as sigs.k8s.io/yaml does. No `!!timestamp` (a date stays the string it is written as, as kubectl
 * keeps it), no `!!binary`, `!!set`, `!!omap` or `!!pairs`: JSON has no such values, so a pass-through object could
 * not come out as it went in; js-yaml refuses those tags as unknown.
 */
const KUBERNETES_SCHEMA = CORE_SCHEMA.extend({
  // js-yaml exports its types at run time; @types/js-yaml does not declare them.
  implicit: [(jsYaml as unknown as { types: { merge: Type } }).types.merge],
});

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
 * js-yaml, because fleets are big: it reads them several times faster than the `yaml` package (docs/performance.md).
 */
export function parseDocuments(text: string): ParsedDocuments {
  if (text.length > MAX_INPUT_BYTES) return { documents: [], errors: [`larger than ${MAX_INPUT_BYTES} bytes: not read`] };
  let values: unknown[];
  try {
    values = loadAll(text, null, { schema: KUBERNETES_SCHEMA });
  } catch (e) {
    if (e instanceof YAMLException) {
      return { documents: [], errors: [`line ${e.mark.line + 1}, column ${e.mark.column + 1}: ${e.reason}`] };
    }
    // js-yaml caps written nesting, but a deep merge-key chain can still exhaust the stack.
    if (e instanceof RangeError) return { documents: [], errors: [`nested too deeply: ${e.message}`] };
    throw e;
  }
  const starts = documentStartLines(text);
  const lineOf = (i: number) => (starts.length === values.length ? starts[i] : 0);
  const where = (i: number, v: LimitViolation) =>
    `${lineOf(i) > 0 ? `line ${lineOf(i)}` : `document ${i + 1}`}: ${v.path ? `${v.path}: ` : ''}${v.detail}`;
  // One budget for the stream: aliases cannot reach across documents, but a stream of bombs is still one input.
  const budget: StreamBudget = { size: 0, aliases: 0, expansion: 0 };
  const documents: SourceDocument[] = [];
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null || value === undefined) continue;
    const violation = checkDocument(value, budget) ?? checkAnnotations(value);
    // The whole stream is refused: a file is applied as a whole, so half of it is no answer.
    if (violation) return { documents: [], errors: [where(i, violation)] };
    if (isList(value)) {
      for (let j = 0; j < value.items.length; j++) {
        const item = value.items[j];
        const itemViolation = checkAnnotations(item);
        if (itemViolation) return { documents: [], errors: [where(i, { path: `items[${j}].${itemViolation.path}`, detail: itemViolation.detail })] };
        documents.push({ value: item, index: i + 1, line: lineOf(i), item: j + 1 });
      }
    } else {
      documents.push({ value, index: i + 1, line: lineOf(i) });
    }
  }
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
