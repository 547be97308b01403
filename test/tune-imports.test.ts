import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { LINEAR, QUADRATIC, tuneImports } from './tune-imports';

/** A converter tail as a function of `result`, in JavaScript (the TypeScript casts stripped). */
function tail(code: string): (result: object) => object {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function('result', code.replace(': Record<string, any>', '').replace(' as Record<string, any>', '')) as any;
}

// `result` is an object literal with the schema's keys written as `'key': …`; there `'__proto__'` would set the
// prototype, not a key, so `result` never has an own `__proto__` (where the two tails would differ).
const key = fc.string().filter((k) => k !== '__proto__');
const objects = fc.dictionary(key, fc.option(fc.jsonValue(), { nil: undefined }));

describe('tuneImports: converters', () => {
  test('GIVEN any object WHEN filtered by the linear tail THEN keys, order and values equal the generated tail', () => {
    const quadratic = tail(QUADRATIC);
    const linear = tail(LINEAR);
    fc.assert(fc.property(objects, (result) => {
      const want = quadratic({ ...result });
      const got = linear({ ...result });
      expect(Object.keys(got)).toEqual(Object.keys(want));
      expect(JSON.stringify(got)).toBe(JSON.stringify(want));
    }));
  });

  test('GIVEN generated source WHEN tuned THEN every quadratic tail is replaced and counted', () => {
    const source = `function a() {\n  ${QUADRATIC}\n}\nfunction b() {\n  ${QUADRATIC}\n}\n`;
    const { source: out, converters } = tuneImports(source);
    expect(converters).toBe(2);
    expect(out).not.toContain(QUADRATIC);
    expect(out.split(LINEAR)).toHaveLength(3);
  });
});

describe('tuneImports: GVK spreads', () => {
  const generated = [
    '  public constructor(scope: Construct, id: string, props: DataVolumeProps) {',
    '    super(scope, id, {',
    '      ...DataVolume.GVK,',
    '      ...props,',
    '    });',
    '  }',
  ].join('\n');

  test('GIVEN a generated constructor WHEN tuned THEN the GVK is written out field by field', () => {
    const { source, gvkSpreads } = tuneImports(generated);
    expect(gvkSpreads).toBe(1);
    expect(source).toContain('      apiVersion: DataVolume.GVK.apiVersion,\n      kind: DataVolume.GVK.kind,\n      ...props,');
  });

  test('GIVEN any props WHEN built both ways THEN the same keys in the same order with the same values', () => {
    const GVK = { apiVersion: 'cdi.kubevirt.io/v1beta1', kind: 'DataVolume' };
    fc.assert(fc.property(objects, (rest) => {
      const want = { ...GVK, ...rest };
      const got = { apiVersion: GVK.apiVersion, kind: GVK.kind, ...rest };
      expect(Object.keys(got)).toEqual(Object.keys(want));
      expect(JSON.stringify(got)).toBe(JSON.stringify(want));
    }));
  });
});

test('GIVEN the committed imports THEN they are tuned (the import task ran to its end)', () => {
  const dir = path.join(__dirname, '..', 'imports');
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const source = fs.readFileSync(path.join(dir, file), 'utf8');
    expect(source).not.toContain(QUADRATIC);
    expect(source).not.toMatch(/^\s*\.\.\.\w+\.GVK,$/m);
    expect(source).toContain(LINEAR);
  }
});
