/**
 * Field errors, worded like k8s.io/apimachinery/pkg/util/validation/field, shared by validation, NAD sharing and
 * node networking so every refusal reads the same.
 */
/** apimachinery's error types we use. */
export type FieldErrorType = 'Required' | 'Invalid' | 'Duplicate' | 'NotSupported' | 'TooLong' | 'TooMany' | 'Forbidden';

/** One problem of one field. */
export interface FieldError {
  /** What kind of problem. */
  readonly type: FieldErrorType;
  /** Path of the field, `spec.networks[1].vlanId`; empty for the document itself. */
  readonly field: string;
  /** The offending value (printed for Invalid, Duplicate, NotSupported and TooMany). */
  readonly value?: unknown;
  /** Why, and what to do. */
  readonly detail?: string;
}

const TYPE_WORDING: Record<FieldErrorType, string> = {
  Required: 'Required value',
  Invalid: 'Invalid value',
  Duplicate: 'Duplicate value',
  NotSupported: 'Unsupported value',
  TooLong: 'Too long',
  TooMany: 'Too many',
  Forbidden: 'Forbidden',
};

/** Types whose message shows the value, as apimachinery's `ErrorBody` does. */
const SHOWS_VALUE: ReadonlySet<FieldErrorType> = new Set(['Invalid', 'Duplicate', 'NotSupported', 'TooMany']);

/** Longest rendering of an object or array value; a whole spec in one line helps nobody. */
const MAX_COMPOSITE_VALUE_LENGTH = 80;

/** A string quoted like Go's `%q`. */
export function goQuote(s: string): string {
  return JSON.stringify(s)
    .replace(/\\(\\|u00([0-9a-f]{2}))/g, (m, esc: string, hex?: string) => (esc === '\\' ? m : `\\x${hex}`))
    .replace(/[\x7f\u2028\u2029]/g, (c) => (c === '\x7f' ? '\\x7f' : `\\u${c.charCodeAt(0).toString(16)}`));
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value === null) return 'null';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = Object.prototype.toString.call(value);
  }
  return text.length > MAX_COMPOSITE_VALUE_LENGTH ? `${text.slice(0, MAX_COMPOSITE_VALUE_LENGTH)}...` : text;
}

/** `spec.networks[1].vlanId: Invalid value: 5000: must be between 1 and 4094`, as kubectl prints it. */
export function formatFieldError(e: FieldError): string {
  let body = TYPE_WORDING[e.type] ?? String(e.type);
  if (SHOWS_VALUE.has(e.type) && e.value !== undefined) body += `: ${formatValue(e.value)}`;
  if (e.detail) body += `: ${e.detail}`;
  return e.field ? `${e.field}: ${body}` : body;
}

/**
 * A warning about input that is valid: `spec.cpu (96): more than 64 vCPUs ...`. Worded as a remark, not an error:
 * no `Invalid value:` or `Required value:`, which would read as a refusal next to kubectl's own `Warning:` lines.
 */
export function formatFieldWarning(e: FieldError): string {
  const value = SHOWS_VALUE.has(e.type) && e.value !== undefined ? ` (${formatValue(e.value)})` : '';
  const subject = `${e.field || 'the document'}${value}`;
  return e.detail ? `${subject}: ${e.detail}` : subject;
}

/** Thrown by `assertValidProfile`: one formatted line per error. */
export class ValidationError extends Error {
  public readonly errors: FieldError[];

  constructor(errors: FieldError[], subject?: string) {
    super(errors.map((e) => (subject ? `${subject}: ${formatFieldError(e)}` : formatFieldError(e))).join('\n'));
    this.name = 'ValidationError';
    this.errors = errors;
  }
}

/** The message of anything thrown, without throwing again (a Symbol, an object with a throwing toString). */
function thrownMessage(e: unknown): string {
  try {
    return e instanceof Error ? e.message : String(e);
  } catch {
    return Object.prototype.toString.call(e);
  }
}

/**
 * Runs `read` over input a caller gave; whatever it throws other than our ValidationError (a getter that throws, a
 * revoked Proxy) becomes one, so a public entry point never lets a raw TypeError or foreign error escape.
 */
export function readingInput<T>(read: () => T, subject?: string): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof ValidationError) throw e;
    throw new ValidationError([{ type: 'Invalid', field: '', detail: `could not read the input: ${thrownMessage(e)}` }], subject);
  }
}
