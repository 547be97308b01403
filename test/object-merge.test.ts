import * as v8 from 'node:v8';
import fc from 'fast-check';
import { decodePrototypeKeys, encodePrototypeKeys, hasPrototypeKeys, merged } from '../src/render/object-merge';

const key = fc.string().filter((k) => k !== '__proto__');
const objects = fc.dictionary(key, fc.jsonValue());

describe('merged', () => {
  test('GIVEN any two objects WHEN merged THEN the keys, their order and the values are those of { ...a, ...b }', () => {
    fc.assert(fc.property(objects, objects, (a, b) => {
      const got = merged(a, b);
      const want = { ...a, ...b };
      expect(Object.keys(got)).toEqual(Object.keys(want));
      expect(JSON.stringify(got)).toBe(JSON.stringify(want));
    }));
  });

  test('GIVEN undefined sources THEN they are skipped, and the result is a new object', () => {
    const labels = { app: 'web' };
    const copy = merged(labels, undefined, { tier: 'fe' });
    expect(copy).toEqual({ app: 'web', tier: 'fe' });
    expect(copy).not.toBe(labels);
    expect(merged(undefined)).toEqual({});
  });

  test('GIVEN 2,000 label maps WHEN copied THEN the copies share one hidden class (a leading spread would not)', () => {
    v8.setFlagsFromString('--allow-natives-syntax');
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const sameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;
    const sources = Array.from({ length: 2000 }, (_, i) => ({ app: 'web', tier: `t${i}` }));
    const copies = sources.map((s, i) => merged(s, { vmprofile: `vm${i}` }));
    expect(copies.filter((c) => sameMap(c, copies[0]))).toHaveLength(copies.length);
  });
});

describe('encodePrototypeKeys / decodePrototypeKeys', () => {
  test('GIVEN a map with constructor and valueOf WHEN encoded and decoded THEN the same keys, sorted, as own properties', () => {
    // GIVEN nested maps, an array and a class instance
    class Opaque { constructor(public readonly value: string) {} }
    const opaque = new Opaque('1Gi');
    const value = { labels: { valueOf: 'v', app: 'a', constructor: 'c' }, list: [{ toString: 't' }], q: opaque };
    // WHEN encoded
    const encoded = encodePrototypeKeys(value);
    // THEN no prototype-named key is left, class instances are untouched, the input is not modified
    expect(hasPrototypeKeys(encoded)).toBe(false);
    expect(encoded.q).toBe(opaque);
    expect(Object.keys(value.labels)).toEqual(['valueOf', 'app', 'constructor']);
    // AND decoding restores them, maps with restored keys sorted like cdk8s sorts
    const decoded = decodePrototypeKeys(JSON.parse(JSON.stringify(encoded)));
    expect(Object.keys(decoded.labels)).toEqual(['app', 'constructor', 'valueOf']);
    expect(Object.prototype.hasOwnProperty.call(decoded.labels, 'constructor')).toBe(true);
    expect(decoded.list).toEqual([{ toString: 't' }]);
  });

  test('hasPrototypeKeys sees only own keys of plain maps', () => {
    expect(hasPrototypeKeys({ app: 'a', nested: [{ role: 'x' }] })).toBe(false);
    expect(hasPrototypeKeys([undefined, { nested: { hasOwnProperty: 'h' } }])).toBe(true);
  });
});
