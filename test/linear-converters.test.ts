import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { LINEAR, linearizeConverters, QUADRATIC } from './linear-converters';

/** A converter tail as a function of `result`, in JavaScript (the TypeScript casts stripped). */
function tail(code: string): (result: object) => object {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function('result', code.replace(': Record<string, any>', '').replace(' as Record<string, any>', '')) as any;
}

describe('linearizeConverters', () => {
  test('GIVEN any object WHEN filtered by the linear tail THEN keys, order and values equal the generated tail', () => {
    const quadratic = tail(QUADRATIC);
    const linear = tail(LINEAR);
    // `result` is an object literal with the schema's keys written as `'key': …`; there `'__proto__'` would set the
    // prototype, not a key, so `result` never has an own `__proto__` (where the two tails would differ).
    const key = fc.string().filter((k) => k !== '__proto__');
    fc.assert(fc.property(fc.dictionary(key, fc.option(fc.jsonValue(), { nil: undefined })), (result) => {
      const want = quadratic({ ...result });
      const got = linear({ ...result });
      expect(Object.keys(got)).toEqual(Object.keys(want));
      expect(JSON.stringify(got)).toBe(JSON.stringify(want));
    }));
  });

  test('GIVEN generated source WHEN linearized THEN every quadratic tail is replaced and counted', () => {
    const source = `function a() {\n  ${QUADRATIC}\n}\nfunction b() {\n  ${QUADRATIC}\n}\n`;
    const { source: out, count } = linearizeConverters(source);
    expect(count).toBe(2);
    expect(out).not.toContain(QUADRATIC);
    expect(out.split(LINEAR)).toHaveLength(3);
  });

  test('GIVEN the committed imports THEN no converter is quadratic (the import task ran to its end)', () => {
    const dir = path.join(__dirname, '..', 'imports');
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const source = fs.readFileSync(path.join(dir, file), 'utf8');
      expect(source).not.toContain(QUADRATIC);
      expect(source).toContain(LINEAR);
    }
  });
});
