/**
 * `{ ...a, ...b }` without the leading spread.
 *
 * In Node 20 (V8 11.3) an object literal that starts with a spread gets a hidden class of its own nearly every time:
 * a fleet's thousands of label maps, plans and props become thousands of classes, which cost memory and make every
 * function that reads them (cdk8s's resolver and sanitizer, the YAML writers) megamorphic. `Object.assign` onto a
 * fresh object shares the classes and keeps the same keys in the same order. The README's Performance section has
 * the figures; eslint refuses leading spreads in src/.
 */
export function merged<A extends object, B extends object = object, C extends object = object>(
  a: A | undefined, b?: B, c?: C): A & B & C {
  return Object.assign({}, a, b, c);
}
