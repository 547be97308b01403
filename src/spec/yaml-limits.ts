/**
 * Limits on what a parsed YAML document may be, checked once after parsing so that nothing downstream (validation,
 * the YAML and JSON writers, `status`) can be made to hang, run out of memory or crash by a small hostile input.
 *
 * A YAML alias is a reference: `js-yaml` hands `*a` back as the very object `&a` names, so parsing a "billion
 * laughs" document is cheap, but every consumer that walks it walks the expansion. The check below measures the
 * expansion without performing it (each distinct object is sized once), and refuses cycles, which no JSON value
 * (and so no Kubernetes object) can have.
 */

/** Largest input we read, in bytes (files) or UTF-16 units (strings): far above any fleet (docs/performance.md). */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;
/**
 * Largest expanded size of one stream, in nodes plus string characters: aliases may not make it bigger than the
 * largest input we accept (an alias-free document is never bigger than its text).
 */
export const MAX_EXPANDED_SIZE = MAX_INPUT_BYTES;
/**
 * Most that alias uses may add to a stream's expanded size, in nodes plus string characters. Written out, each node
 * costs its indentation too, so 4 M is tens of megabytes of YAML; manifests that reuse an anchor for a resources
 * block or a label map add a few hundred. An alias-free input never comes near it, however big.
 */
export const MAX_ALIAS_EXPANSION = 4 * 1024 * 1024;
/** Most references to an already-seen mapping or sequence (alias uses) in one stream. */
export const MAX_ALIASES = 100_000;
/**
 * Deepest nesting of mappings and sequences (the document itself is level 0), counted through aliases: our writers
 * and validators recurse, and a stack overflow is a crash. js-yaml refuses more than 100 levels of written
 * nesting, and our YAML output of a document must read back, so 90 (deeper only through alias chains, or by a
 * few levels of written nesting that no manifest has).
 */
export const MAX_DEPTH = 90;

/** A limit a document broke: where (a field path, `''` for the root) and why. */
export interface LimitViolation {
  /** Field path of the first offending value, e.g. `spec.items[3].ratio`; `''` for the document itself. */
  readonly path: string;
  /** The cause, kubectl style after the path: `Invalid value: .inf: ...` or a sentence. */
  readonly detail: string;
}

/** Running totals over the documents of one stream. */
export interface StreamBudget {
  /** Expanded size used so far. */
  size: number;
  /** Alias uses so far. */
  aliases: number;
  /** What alias uses added to `size` so far. */
  expansion: number;
}

/** A path segment: `.name` for plain keys, `[key]` for anything else (kubectl writes map keys in brackets). */
function child(path: string, key: string): string {
  if (/^[A-Za-z_$][-A-Za-z0-9_$]*$/.test(key)) return path === '' ? key : `${path}.${key}`;
  return `${path}[${escapeLine(key)}]`;
}

/** Raised inside the walk; carries the violation out of the recursion. */
class Violation extends Error {
  constructor(public readonly violation: LimitViolation) {
    super(violation.detail);
  }
}

/**
 * Checks one parsed document against the limits, charging its expanded size and alias uses to `budget`.
 * @returns the first violation, or undefined when the document is within every limit
 */
export function checkDocument(value: unknown, budget: StreamBudget): LimitViolation | undefined {
  /**
   * Expanded size and height (its levels of mappings and sequences, expanded) of each object already walked; a
   * cycle is an object that is open (being walked) when it is met again.
   */
  const walked = new Map<object, { size: number; height: number }>();
  const open = new Set<object>();
  /** Keys and indexes from the document to the node being walked: the path is only written for a violation. */
  const trail: Array<string | number> = [];
  const fail = (detail: string) => new Violation({
    path: trail.reduce<string>((p, k) => (typeof k === 'number' ? `${p}[${k}]` : child(p, k)), ''),
    detail,
  });
  const charge = (n: number) => {
    budget.size += n;
    if (budget.size > MAX_EXPANDED_SIZE) throw fail(`the input expands to more than ${MAX_EXPANDED_SIZE} nodes and characters`);
  };
  /** Height of the node `walk` returned last (0 for a scalar). */
  let height = 0;
  /** Expanded size of `v` at `depth` (setting `height`); charges what it adds to the stream's expanded size. */
  const walk = (v: unknown, depth: number): number => {
    height = 0;
    if (typeof v === 'string') {
      charge(1 + v.length);
      return 1 + v.length;
    }
    if (typeof v === 'number' && !Number.isFinite(v)) {
      throw fail(`Invalid value: ${Number.isNaN(v) ? '.nan' : v > 0 ? '.inf' : '-.inf'}: Kubernetes objects are JSON, which has no infinity or NaN`);
    }
    if (typeof v !== 'object' || v === null) {
      charge(1);
      return 1;
    }
    const known = walked.get(v);
    if (known !== undefined) {
      // An alias: each further use expands the object again, as deep as it goes.
      if (++budget.aliases > MAX_ALIASES) throw fail(`more than ${MAX_ALIASES} aliases`);
      // Its deepest mapping or sequence, here: `height` counts it and those below it.
      if (depth + known.height - 1 > MAX_DEPTH) throw fail(`nested deeper than ${MAX_DEPTH} levels`);
      budget.expansion += known.size;
      if (budget.expansion > MAX_ALIAS_EXPANSION) throw fail(`aliases expand the input by more than ${MAX_ALIAS_EXPANSION} nodes and characters`);
      charge(known.size);
      height = known.height;
      return known.size;
    }
    if (open.has(v)) throw fail('a YAML alias refers to a node that contains it: a cycle is not a JSON value');
    if (depth > MAX_DEPTH) throw fail(`nested deeper than ${MAX_DEPTH} levels`);
    open.add(v);
    charge(1);
    let size = 1;
    let own = 0;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        trail.push(i);
        size += walk(v[i], depth + 1);
        if (height + 1 > own) own = height + 1;
        trail.pop();
      }
    } else {
      for (const key of Object.keys(v)) {
        trail.push(key);
        charge(1 + key.length);
        size += 1 + key.length + walk((v as Record<string, unknown>)[key], depth + 1);
        if (height + 1 > own) own = height + 1;
        trail.pop();
      }
    }
    open.delete(v);
    // An empty collection is one level too.
    height = Math.max(own, 1);
    walked.set(v, { size, height });
    return size;
  };
  try {
    walk(value, 0);
    return undefined;
  } catch (e) {
    if (e instanceof Violation) return e.violation;
    throw e;
  }
}

/** Characters that would end or forge a line (C0 and C1 controls, DEL, U+2028/2029) and the backslash itself. */
const LINE_BREAKING = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\\]/g;

/**
 * `s` safe to put into one line of text output (an error line, a YAML comment): control characters and line
 * separators become `\n`, `\t`, `\r` or `\uXXXX`, and a backslash becomes `\\`, so the escaping cannot be forged.
 */
export function escapeLine(s: string): string {
  return s.replace(LINE_BREAKING, (c) => {
    switch (c) {
      case '\n': return '\\n';
      case '\r': return '\\r';
      case '\t': return '\\t';
      case '\\': return '\\\\';
      default: return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
    }
  });
}

/** Kubernetes' limit on the annotations of one object: keys and values together, in bytes (apimachinery's `TotalAnnotationSizeLimitB`). */
export const MAX_ANNOTATIONS_BYTES = 256 * 1024;

/**
 * Checks `metadata.annotations` of a Kubernetes object against the API server's size limit, so that an object the
 * server would refuse is refused here, with the server's wording, before anything is written.
 * @returns the violation, or undefined when the object has no annotations or they fit
 */
export function checkAnnotations(value: unknown): LimitViolation | undefined {
  const annotations = (value as { metadata?: { annotations?: unknown } } | null)?.metadata?.annotations;
  if (typeof annotations !== 'object' || annotations === null || Array.isArray(annotations)) return undefined;
  let bytes = 0;
  for (const key of Object.keys(annotations)) {
    const v = (annotations as Record<string, unknown>)[key];
    bytes += Buffer.byteLength(key, 'utf8') + (typeof v === 'string' ? Buffer.byteLength(v, 'utf8') : 0);
  }
  if (bytes <= MAX_ANNOTATIONS_BYTES) return undefined;
  return { path: 'metadata.annotations', detail: `Too long: must have at most ${MAX_ANNOTATIONS_BYTES} bytes` };
}

/**
 * Edit distance between `a` and `b` when it is at most `max`, else undefined: O(min(|a|, |b|) * max) work, and
 * none at all when the lengths alone differ by more than `max`, so a megabyte-long key costs nothing.
 */
export function editDistanceWithin(a: string, b: string, max: number): number | undefined {
  if (Math.abs(a.length - b.length) > max) return undefined;
  if (a.length > b.length) [a, b] = [b, a];
  // Banded Levenshtein: only cells with |i - j| <= max can hold a distance <= max; the cells just outside the band
  // are set to "too far", so each row costs O(max).
  const inf = max + 1;
  let prev = new Array<number>(b.length + 2).fill(inf);
  let cur = new Array<number>(b.length + 2).fill(inf);
  for (let j = 0; j <= Math.min(b.length, max); j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const lo = Math.max(1, i - max);
    const hi = Math.min(b.length, i + max);
    cur[lo - 1] = lo - 1 === 0 ? Math.min(i, inf) : inf;
    let best = cur[lo - 1];
    for (let j = lo; j <= hi; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1), inf);
      if (cur[j] < best) best = cur[j];
    }
    cur[hi + 1] = inf;
    if (best > max) return undefined;
    [prev, cur] = [cur, prev];
  }
  return prev[b.length] <= max ? prev[b.length] : undefined;
}

/**
 * The candidate `word` most likely means (same letters ignoring case, else the nearest within `max` edits and a
 * third of the candidate's length), for a "did you mean" hint; undefined when none is close.
 */
export function closestCandidate(word: string, candidates: readonly string[], max = 2): string | undefined {
  const lower = word.toLowerCase();
  const same = candidates.find((c) => c.toLowerCase() === lower);
  if (same !== undefined) return same;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistanceWithin(c.toLowerCase(), lower, Math.min(max, Math.floor(c.length / 3)));
    if (d !== undefined && d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** Characters that end or forge a line of text output (C0 and C1 controls, DEL, U+2028/2029). */
const BREAKS_LINE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * The path of the first mapping key of `value` that holds a control character or a line separator, or undefined.
 * Such a key would end up verbatim in an error's field path (`spec.<key>: Forbidden: ...`) and could forge a line.
 * `value` must have passed {@link checkDocument} (no cycles, bounded depth).
 */
export function findLineBreakingKey(value: unknown, path = ''): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findLineBreakingKey(value[i], `${path}[${i}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (BREAKS_LINE.test(key)) return child(path, key);
    const found = findLineBreakingKey((value as Record<string, unknown>)[key], child(path, key));
    if (found !== undefined) return found;
  }
  return undefined;
}

/** True when `s` holds a character that would end or forge a line of text output. */
export function breaksLine(s: string): boolean {
  return BREAKS_LINE.test(s);
}
