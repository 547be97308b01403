/**
 * The last step of `npx projen import`: two rewrites of cdk8s-cli's generated bindings that keep their output byte
 * for byte and remove two performance traps (measured on the 2,000-profile bench: docs/performance.md).
 *
 * - Converters: every `toJson_*` builds a literal of all its fields, then filters out the undefined ones with
 *   `Object.entries(result).reduce((r, i) => … ({ ...r, [i[0]]: i[1] }), {})`, which copies the object once per
 *   field: quadratic, and the VM template has ~30 fields at every level. Rewritten to build the result field by field,
 *   in the same order, skipping undefined values: no copies, no keyed loads over `Object.keys` (the figures:
 *   docs/performance.md). A map field (labels, resource lists)
 *   keeps cdk8s-cli's own reduce inside its value expression: it copies per entry, and maps hold a handful.
 * - GVK spreads: the classes build their props and JSON as `{ ...X.GVK, ...rest }`. In Node 20 an object literal that
 *   starts with a spread gets a hidden class of its own, so every object of a fleet had one (src/render/object-merge.ts).
 *   Rewritten to `{ apiVersion: X.GVK.apiVersion, kind: X.GVK.kind, ...rest }`: the same keys in the same order.
 *
 * Usage: `tune-imports.ts <imports dir>`. Fails when a file has nothing left to rewrite, so a cdk8s-cli that changes
 * its generated code is noticed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const QUADRATIC = 'return Object.entries(result).reduce((r, i) => (i[1] === undefined) ? r : ({ ...r, [i[0]]: i[1] }), {});';
const GVK_SPREAD = /^(\s*)\.\.\.(\w+)\.GVK,$/gm;
/** A generated converter body: a literal of every field, then the quadratic filter. */
const CONVERTER_BODY = new RegExp(
  `^  const result = \\{\\n((?:    '[^'\\n]*': .*,\\n)*)  \\};\\n  // filter undefined values\\n  ${QUADRATIC.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'gm');
const FIELD = /^    '([^']*)': (.*),$/;

/** One converter body that builds the result field by field, skipping undefined values. */
function directConverterBody(fieldLines: string): string {
  const fields = fieldLines.split('\n').filter((line) => line !== '').map((line) => FIELD.exec(line)!.slice(1));
  const keys = new Set(fields.map(([key]) => key));
  // A repeated key or `__proto__` would behave differently in a literal than in assignments.
  if (keys.size !== fields.length || keys.has('__proto__')) throw new Error(`cannot rewrite a converter of fields ${[...keys]}`);
  return [
    '  const result: Record<string, any> = {};',
    ...(fields.length > 0 ? ['  let value: any;'] : []),
    ...fields.map(([key, expr]) => `  value = ${expr}; if (value !== undefined) { result['${key}'] = value; }`),
    '  return result;',
  ].join('\n');
}

/** `source` with every converter built field by field and every leading GVK spread rewritten, and how many of each. */
export function tuneImports(source: string): { source: string; converters: number; gvkSpreads: number } {
  let converters = 0;
  let gvkSpreads = 0;
  const tuned = source.replace(CONVERTER_BODY, (_, fieldLines: string) => {
    converters++;
    return directConverterBody(fieldLines);
  }).replace(GVK_SPREAD, (_, indent: string, cls: string) => {
    gvkSpreads++;
    return `${indent}apiVersion: ${cls}.GVK.apiVersion,\n${indent}kind: ${cls}.GVK.kind,`;
  });
  return { source: tuned, converters, gvkSpreads };
}

if (require.main === module) {
  const dir = process.argv[2] ?? 'imports';
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts')).sort()) {
    const full = path.join(dir, file);
    const { source, converters, gvkSpreads } = tuneImports(fs.readFileSync(full, 'utf8'));
    if (converters === 0 || gvkSpreads === 0) throw new Error(`${full}: nothing to rewrite; did cdk8s-cli change its output?`);
    fs.writeFileSync(full, source);
    console.log(`${full}: ${converters} converters built field by field, ${gvkSpreads} GVK spreads written out`);
  }
}
