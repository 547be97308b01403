/**
 * Reading untyped documents: the Report that collects errors and warnings, the kubectl-style FieldError
 * constructors, the `peek*` readers for cross-field rules, the `expect*` type checks and `walk`, which visits an object's
 * fields in document order and refuses unknown ones.
 */
import { FieldError, goQuote } from './field-error';
import { labelValueErrors, qualifiedNameErrors } from './kube-names';
import { formatBinaryQuantity, parseQuantity, quantityProblem } from './quantity';
import { closestCandidate } from '../spec/yaml-limits';

export function required(field: string, detail?: string): FieldError {
  return { type: 'Required', field, detail };
}

export function invalid(field: string, value: unknown, detail: string): FieldError {
  return { type: 'Invalid', field, value, detail };
}

export function duplicate(field: string, value: unknown, detail?: string): FieldError {
  return { type: 'Duplicate', field, value, detail };
}

export function notSupported(field: string, value: unknown, supported: readonly string[]): FieldError {
  return { type: 'NotSupported', field, value, detail: `supported values: ${supported.map(goQuote).join(', ')}` };
}

export function forbidden(field: string, detail: string): FieldError {
  return { type: 'Forbidden', field, detail };
}

export function tooLong(field: string, value: unknown, detail: string): FieldError {
  return { type: 'TooLong', field, value, detail };
}

export function tooMany(field: string, actual: number, max: number, why?: string): FieldError {
  return { type: 'TooMany', field, value: actual, detail: `must have at most ${max} items${why ? ` (${why})` : ''}` };
}

export type Obj = Record<string, unknown>;

export function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `undefined` counts as absent: TypeScript props write `{ x: undefined }` for "not set"; YAML never does. */
export function has(o: Obj, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key) && o[key] !== undefined;
}

/** A field's value when it has the expected type, else undefined: for cross-field rules, which skip broken fields. */
export function peekString(o: unknown, key: string): string | undefined {
  return isObject(o) && has(o, key) && typeof o[key] === 'string' ? o[key] as string : undefined;
}

export function peekBool(o: unknown, key: string): boolean | undefined {
  return isObject(o) && has(o, key) && typeof o[key] === 'boolean' ? o[key] as boolean : undefined;
}

export function peekObject(o: unknown, key: string): Obj | undefined {
  return isObject(o) && has(o, key) && isObject(o[key]) ? o[key] as Obj : undefined;
}

export function peekInteger(o: unknown, key: string): number | undefined {
  return isObject(o) && has(o, key) && typeof o[key] === 'number' && Number.isSafeInteger(o[key]) ? o[key] as number : undefined;
}

export function peekArray(o: unknown, key: string): unknown[] {
  return isObject(o) && has(o, key) && Array.isArray(o[key]) ? o[key] as unknown[] : [];
}

export function peekEnum(o: unknown, key: string, values: readonly string[]): string | undefined {
  const v = peekString(o, key);
  return v !== undefined && values.includes(v) ? v : undefined;
}

/** Collects errors and warnings in the order the walk meets them. */
export class Report {
  public readonly errors: FieldError[] = [];
  public readonly warnings: FieldError[] = [];
  error(e: FieldError): void {
    this.errors.push(e);
  }
  warn(e: FieldError): void {
    this.warnings.push(e);
  }
  /** One Invalid error per problem message, the way apimachinery reports name checks. */
  invalidEach(field: string, value: unknown, problems: readonly string[]): boolean {
    for (const p of problems) this.error(invalid(field, value, p));
    return problems.length === 0;
  }
}

function mismatch(r: Report, field: string, value: unknown, expected: string): false {
  const hint = value === null ? ' (null given: omit the field instead)' : '';
  r.error(invalid(field, value, `must be ${expected}${hint}`));
  return false;
}

export function expectString(r: Report, field: string, v: unknown): v is string {
  return typeof v === 'string' || mismatch(r, field, v, 'a string');
}

export function expectBool(r: Report, field: string, v: unknown): v is boolean {
  return typeof v === 'boolean' || mismatch(r, field, v, 'a boolean');
}

export function expectInteger(r: Report, field: string, v: unknown): v is number {
  return (typeof v === 'number' && Number.isSafeInteger(v)) || mismatch(r, field, v, 'an integer');
}

export function expectObject(r: Report, field: string, v: unknown): v is Obj {
  return isObject(v) || mismatch(r, field, v, 'an object');
}

export function expectArray(r: Report, field: string, v: unknown): v is unknown[] {
  return Array.isArray(v) || mismatch(r, field, v, 'an array');
}

/** A required non-empty string: empty is Required, as apimachinery treats required names. */
export function expectRequiredString(r: Report, field: string, v: unknown): v is string {
  if (!expectString(r, field, v)) return false;
  if (v === '') {
    r.error(required(field));
    return false;
  }
  return true;
}

/** An optional string that means nothing when empty: say so rather than guess. */
export function expectNonEmptyString(r: Report, field: string, v: unknown): v is string {
  if (!expectString(r, field, v)) return false;
  if (v === '') {
    r.error(invalid(field, v, 'must not be empty (omit the field instead)'));
    return false;
  }
  return true;
}

export function expectEnum(r: Report, field: string, v: unknown, values: readonly string[]): v is string {
  if (!expectString(r, field, v)) return false;
  if (!values.includes(v)) {
    r.error(notSupported(field, v, values));
    return false;
  }
  return true;
}

function unknownField(field: string, key: string, known: readonly string[]): FieldError {
  // Bounded: a key of a megabyte costs no more than a short one.
  const guess = closestCandidate(key, known);
  return forbidden(field, `unknown field${guess ? `; did you mean ${goQuote(guess)}?` : ''}`);
}

export type Handler = (value: unknown, field: string) => void;

/**
 * Walks an object's fields in document order: known ones go to their handler, unknown ones are Forbidden
 * (strict decoding, so a typo like `vlanID` is not silently dropped), `ignored` ones are skipped.
 * Then reports each missing required field.
 */
export function walk(r: Report, o: Obj, path: string, handlers: Record<string, Handler>, requiredKeys: readonly string[] = [],
  ignored: readonly string[] = []): void {
  for (const key of Object.keys(o)) {
    if (o[key] === undefined) continue;
    const field = path ? `${path}.${key}` : key;
    if (has(handlers, key)) handlers[key](o[key], field);
    else if (!ignored.includes(key)) r.error(unknownField(field, key, Object.keys(handlers)));
  }
  for (const key of requiredKeys) {
    if (!has(o, key)) r.error(required(path ? `${path}.${key}` : key));
  }
}

/** Validates a `map[string]string`: keys qualified names, values checked by `checkValue`. */
export function validateStringMap(r: Report, field: string, v: unknown, valueProblems: (value: string) => string[]): void {
  if (!expectObject(r, field, v)) return;
  for (const [key, value] of Object.entries(v)) {
    r.invalidEach(field, key, qualifiedNameErrors(key));
    const valueField = `${field}[${key}]`;
    if (expectString(r, valueField, value)) r.invalidEach(valueField, value, valueProblems(value));
  }
}

export function validateLabelMap(r: Report, field: string, v: unknown): void {
  validateStringMap(r, field, v, labelValueErrors);
}

/** Name syntax problems without the length one, for names whose length limit is stricter than 63. */
export function syntaxOnly(problems: string[]): string[] {
  return problems.filter((p) => !p.startsWith('must be no more than'));
}

export function validateSize(r: Report, f: string, value: unknown, min: number): void {
  if (!expectRequiredString(r, f, value)) return;
  const problem = quantityProblem(value);
  if (problem) {
    r.error(invalid(f, value, problem));
    return;
  }
  if ((parseQuantity(value) ?? 0) < min) r.error(invalid(f, value, `must be at least ${formatBinaryQuantity(min)}`));
}
