/**
 * YAML for manifests: block style like `kubectl get -o yaml`, fast (no per-scalar type sniffing: a string is
 * written plain only when it is obviously a string) and read back identically by YAML 1.2 parsers and by the
 * YAML 1.1 readers Kubernetes tools use (so `on`, `yes`, `1_000`, `0755`, `2024-01-01` are always quoted).
 * Input is JSON data (what `toJson()` gives): objects, arrays, strings, finite numbers, booleans, null.
 */

/** Plain-safe strings: no indicator at the start, nothing a YAML 1.1 or 1.2 resolver could take for another type. */
const PLAIN_WORD = /^[A-Za-z_/][-A-Za-z0-9_./:]*$/;
/** Digit-led words that are not numbers, dates or sexagesimals in any YAML version (`8Gi`, `80Gi`, `4k`). */
const PLAIN_DIGIT_WORD = /^[0-9][-A-Za-z0-9_./]*$/;
const NOT_NUMERIC_LETTER = /[g-np-wyzG-NP-WYZ]/;
/** Anything made of number characters only (`E0`, `_1`, `1e3`): some YAML reader will take it for a number. */
const NUMBER_LIKE = /^[-+.0-9eE_:]+$/;
/** YAML 1.1 booleans and nulls (case variants), all of which must stay strings. */
const KEYWORDS = /^(y|yes|n|no|true|false|on|off|null|~)$/i;
/** Characters a double-quoted YAML scalar must escape beyond what JSON escapes. */
const YAML_ONLY_ESCAPES = /[\u0080-\u009f\u2028\u2029\ufeff]/g;

function quoted(s: string): string {
  return JSON.stringify(s).replace(YAML_ONLY_ESCAPES, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * True when `s` can be written plain: a word that is not a YAML 1.1 keyword or number (`!s.endsWith(':') &&
 * !KEYWORDS && !NUMBER_LIKE && (PLAIN_WORD || PLAIN_DIGIT_WORD && NOT_NUMERIC_LETTER)`), tested in an order that
 * needs one or two regular expressions for the usual value; a property test holds it to that formula.
 */
function isPlain(s: string): boolean {
  const first = s.charCodeAt(0);
  // Digit-led: with a letter no number uses and without ':', no keyword or number can match.
  if (first >= 0x30 && first <= 0x39) return PLAIN_DIGIT_WORD.test(s) && NOT_NUMERIC_LETTER.test(s);
  return PLAIN_WORD.test(s) && !s.endsWith(':') && !KEYWORDS.test(s) && !NUMBER_LIKE.test(s);
}

/** A scalar as YAML: plain when obviously a string, else double-quoted; numbers, booleans and null as such. */
export function yamlScalar(value: unknown): string {
  if (typeof value === 'string') return isPlain(value) ? value : quoted(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot write ${value} as YAML`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value === null || value === undefined) return 'null';
  throw new Error(`cannot write a ${typeof value} as YAML`);
}

/** What a literal block cannot carry: leading or trailing blanks on a line, CR, tab, controls, BOM. */
const NOT_IN_BLOCK = /^[ \t]|[ \t]\n|[ \t]$|\r|\t|[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff]/;

/**
 * A multi-line string as a literal block (`|`), when the block can carry it exactly; else undefined (then it is
 * double-quoted). Linear in the length of `s`: newlines are counted by index, not by a regular expression that
 * would retry at every newline (quadratic on a long run of newlines: docs/performance.md).
 */
function literalBlock(s: string, indent: string): string | undefined {
  if (!s.includes('\n') || NOT_IN_BLOCK.test(s)) return undefined;
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 0x0a) end--;
  // Only newlines: a block without a content line reads back as "" (or not at all).
  if (end === 0) return undefined;
  let start = 0;
  while (s.charCodeAt(start) === 0x0a) start++;
  // The first content line sets the block's indentation: after leading empty lines, a space would be taken for it.
  if (s.charCodeAt(start) === 0x20) return undefined;
  const trailing = s.length - end;
  const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+';
  const body = trailing > 0 ? s.slice(0, -1) : s;
  return `|${chomp}\n${body.split('\n').map((line) => (line === '' ? '' : indent + line)).join('\n')}`;
}

function isEmptyObject(o: object): boolean {
  for (const _ in o) return false;
  return true;
}

/** `value` after `key:` or `-`: inline when scalar or empty, else a new line and the nested block. */
function write(out: string[], value: unknown, indent: string, lead: string): void {
  if (typeof value === 'object' && value !== null) {
    if (Array.isArray(value)) {
      if (value.length === 0) {
        out.push(`${lead} []`);
      } else {
        out.push(lead);
        writeSequence(out, value, indent);
      }
    } else if (isEmptyObject(value)) {
      out.push(`${lead} {}`);
    } else {
      out.push(lead);
      writeMapping(out, value as Record<string, unknown>, indent);
    }
    return;
  }
  const block = typeof value === 'string' ? literalBlock(value, indent) : undefined;
  out.push(`${lead} ${block ?? yamlScalar(value)}`);
}

/** Written keys (`key:`), by key: manifests repeat a few hundred keys endlessly. Bounded, for user-chosen keys. */
const KEYS = new Map<string, string>();
const MAX_KEYS = 10_000;

function mappingKey(key: string): string {
  let written = KEYS.get(key);
  if (written === undefined) {
    written = `${yamlScalar(key)}:`;
    if (KEYS.size < MAX_KEYS) KEYS.set(key, written);
  }
  return written;
}

function writeMapping(out: string[], map: Record<string, unknown>, indent: string, firstLead = indent): void {
  let lead = firstLead;
  for (const key of Object.keys(map)) {
    const value = map[key];
    if (value === undefined) continue;
    write(out, value, `${indent}  `, lead + mappingKey(key));
    lead = indent;
  }
}

function writeSequence(out: string[], items: unknown[], indent: string): void {
  for (const item of items) {
    if (typeof item === 'object' && item !== null && !Array.isArray(item) && !isEmptyObject(item)) {
      // The first key of a mapping item shares the line with its dash, kubectl style.
      writeMapping(out, item as Record<string, unknown>, `${indent}  `, `${indent}- `);
    } else {
      write(out, item, `${indent}  `, `${indent}-`);
    }
  }
}

/** One document's YAML, without the `---` separator. */
export function toYaml(value: unknown): string {
  const out: string[] = [];
  if (Array.isArray(value) && value.length > 0) {
    writeSequence(out, value, '');
  } else if (typeof value === 'object' && value !== null && !Array.isArray(value) && !isEmptyObject(value)) {
    writeMapping(out, value as Record<string, unknown>, '');
  } else {
    // A scalar or empty document: written as the value of a key, without the key.
    write(out, value, '  ', '');
    out[0] = out[0].replace(/^ /, '');
  }
  return `${out.join('\n')}\n`;
}
