/**
 * The last step of `npx projen import`: makes the generated `toJson_*` converters linear.
 *
 * cdk8s-cli ends every converter with `Object.entries(result).reduce((r, i) => … ({ ...r, [i[0]]: i[1] }), {})`,
 * which copies the object once per field: quadratic in the field count, and the VM template has ~30 fields at
 * every level. Measured on the 2,000-profile bench it was ~100 ms of ~2 s. The rewrite keeps the same keys in the
 * same order (own enumerable keys, undefined values dropped), so the JSON is byte-identical.
 * Usage: `linear-converters.ts <imports dir>`. Fails when a file has no converter left to rewrite, so a cdk8s-cli
 * that changes the generated code is noticed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const QUADRATIC = 'return Object.entries(result).reduce((r, i) => (i[1] === undefined) ? r : ({ ...r, [i[0]]: i[1] }), {});';
export const LINEAR = 'const filtered: Record<string, any> = {}; for (const key of Object.keys(result)) { const value = (result as Record<string, any>)[key]; if (value !== undefined) filtered[key] = value; } return filtered;';

/** `source` with every quadratic converter tail replaced, and how many there were. */
export function linearizeConverters(source: string): { source: string; count: number } {
  const parts = source.split(QUADRATIC);
  return { source: parts.join(LINEAR), count: parts.length - 1 };
}

if (require.main === module) {
  const dir = process.argv[2] ?? 'imports';
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts')).sort()) {
    const full = path.join(dir, file);
    const { source, count } = linearizeConverters(fs.readFileSync(full, 'utf8'));
    if (count === 0 && !source.includes(LINEAR)) throw new Error(`${full}: no converter to rewrite; did cdk8s-cli change its output?`);
    fs.writeFileSync(full, source);
    console.log(`${full}: ${count} converters made linear`);
  }
}
