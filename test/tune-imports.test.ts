import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { QUADRATIC, tuneImports } from './tune-imports';

/** A converter as cdk8s-cli generates it: a literal of every field, then the quadratic filter. */
function generatedConverter(keys: readonly string[]): string {
  return [
    'export function toJson_X(obj: X | undefined): Record<string, any> | undefined {',
    '  if (obj === undefined) { return undefined; }',
    '  const result = {',
    ...keys.map((key, i) => `    '${key}': obj.f${i},`),
    '  };',
    '  // filter undefined values',
    `  ${QUADRATIC}`,
    '}',
  ].join('\n');
}

/** A converter's source as a JavaScript function of `obj` (the TypeScript types stripped). */
function compiled(source: string): (obj: object) => object {
  const body = source.slice(source.indexOf('{\n') + 2, source.lastIndexOf('}'))
    .replace(/: Record<string, any>/g, '').replace(/: any/g, '');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function('obj', body) as any;
}

// Schema keys as cdk8s-cli writes them (`'key': …`, no quote or newline). `__proto__` is refused (a literal's
// `'__proto__':` sets the prototype), and keys are unique in a schema; both are checked by the rewrite.
const key = fc.stringMatching(/^[-A-Za-z0-9_.$/@]{1,12}$/).filter((k) => k !== '__proto__');
const fieldValues = fc.option(fc.jsonValue(), { nil: undefined });
/** Props objects; a spread copies an own `__proto__` key that a literal could never have, so none is made. */
const objects = fc.dictionary(fc.string().filter((k) => k !== '__proto__'), fieldValues);

describe('tuneImports: converters', () => {
  test('GIVEN any fields and values WHEN converted field by field THEN keys, order and values equal the generated converter', () => {
    fc.assert(fc.property(fc.uniqueArray(key), fc.array(fieldValues, { maxLength: 12 }), (keys, values) => {
      const source = generatedConverter(keys);
      const { source: tuned, converters } = tuneImports(source);
      expect(converters).toBe(1);
      const obj = Object.fromEntries(keys.map((_, i) => [`f${i}`, values[i]]));
      const want = compiled(source)(obj);
      const got = compiled(tuned)(obj);
      expect(Object.keys(got)).toEqual(Object.keys(want));
      expect(JSON.stringify(got)).toBe(JSON.stringify(want));
    }));
  });

  test('GIVEN a converter WHEN tuned THEN the field literal and the quadratic filter are gone', () => {
    const { source } = tuneImports(generatedConverter(['storageClassName', 'volumeMode']));
    expect(source).not.toContain(QUADRATIC);
    expect(source).not.toContain('const result = {');
    expect(source).toContain("  value = obj.f1; if (value !== undefined) { result['volumeMode'] = value; }");
  });

  test('GIVEN a converter with a repeated key THEN the rewrite refuses it rather than change what it returns', () => {
    expect(() => tuneImports(generatedConverter(['a', 'a']))).toThrow(/cannot rewrite a converter/);
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
    expect(source).not.toContain('const result = {');
  }
});
