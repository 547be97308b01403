/**
 * `{ ...a, ...b }` without the leading spread.
 *
 * In Node 20 (V8 11.3) an object literal that starts with a spread gets a hidden class of its own nearly every time:
 * a fleet's thousands of label maps, plans and props become thousands of classes, which cost memory and make every
 * function that reads them (cdk8s's resolver and sanitizer, the YAML writers) megamorphic. `Object.assign` onto a
 * fresh object shares the classes and keeps the same keys in the same order. docs/performance.md has
 * the figures; eslint refuses leading spreads in src/.
 */
export function merged<A extends object, B extends object = object, C extends object = object>(
  a: A | undefined, b?: B, c?: C): A & B & C {
  return Object.assign({}, a, b, c);
}

/**
 * User keys that name an `Object.prototype` member (`constructor`, `toString`, `valueOf`, ...) are valid label,
 * annotation and selector keys, but cdk8s's resolver and sanitizer take a map with an own `constructor` for a class
 * instance (and throw, or drop it). Maps holding such keys are therefore handed to cdk8s with those keys prefixed
 * ({@link encodePrototypeKeys}) and restored in the rendered JSON ({@link decodePrototypeKeys}).
 */
const ENCODED_KEY_PREFIX = '\u0000vmprofile:';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** True when `key` is the name of an `Object.prototype` member, which plain-object code mistakes for inherited. */
function isPrototypeKey(key: string): boolean {
  return key in Object.prototype;
}

/** True when some plain map inside `value` (arrays and plain objects, not class instances) has a prototype-named key. */
export function hasPrototypeKeys(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasPrototypeKeys);
  if (!isPlainObject(value)) return false;
  return Object.keys(value).some((k) => isPrototypeKey(k) || hasPrototypeKeys(value[k]));
}

/** A copy of `value` whose prototype-named keys are prefixed; class instances (Lazy, quantities) are kept as they are. */
export function encodePrototypeKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(encodePrototypeKeys) as unknown as T;
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    out[isPrototypeKey(key) ? `${ENCODED_KEY_PREFIX}${key}` : key] = encodePrototypeKeys(value[key]);
  }
  return out as T;
}

/**
 * Rendered JSON with the keys {@link encodePrototypeKeys} prefixed restored. A map that had some is rebuilt with its
 * keys sorted, the order cdk8s gives every map. Mutates and returns `json`.
 */
export function decodePrototypeKeys<T>(json: T): T {
  if (Array.isArray(json)) {
    for (let i = 0; i < json.length; i++) json[i] = decodePrototypeKeys(json[i]);
    return json;
  }
  if (typeof json !== 'object' || json === null) return json;
  const o = json as Record<string, unknown>;
  const keys = Object.keys(o);
  if (!keys.some((k) => k.startsWith(ENCODED_KEY_PREFIX))) {
    for (const k of keys) o[k] = decodePrototypeKeys(o[k]);
    return json;
  }
  const entries = keys.map((k) => [k.startsWith(ENCODED_KEY_PREFIX) ? k.slice(ENCODED_KEY_PREFIX.length) : k, decodePrototypeKeys(o[k])] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out as T;
}

type JsonObjectClass = new (...args: any[]) => { toJson(): any };
const SAFE_CLASSES = new WeakMap<JsonObjectClass, JsonObjectClass>();

/**
 * `base` (a typed cdk8s ApiObject class) whose `toJson()` restores the keys {@link encodePrototypeKeys} prefixed:
 * build the object from encoded props and its manifest carries the user's keys as given.
 */
export function prototypeSafeClass<C extends JsonObjectClass>(base: C): C {
  let safe = SAFE_CLASSES.get(base);
  if (!safe) {
    safe = class extends base {
      public toJson(): any {
        return decodePrototypeKeys(super.toJson());
      }
    };
    SAFE_CLASSES.set(base, safe);
  }
  return safe as C;
}
