/**
 * Generated parts of the READMEs: `npx ts-node --transpile-only test/docs.ts` (`npx projen docs`) rewrites the
 * blocks between `<!-- generated:NAME:start -->` and `<!-- generated:NAME:end -->`; test/docs.test.ts fails when
 * they are stale. The bench block is written by `npm run bench` (measured figures, not derived from code).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fieldReferenceMarkdown } from '../src/explain';
import { phaseRulesMarkdown } from '../src/status';
import { controllerPermissionsMarkdown } from '../src/virtual-machine-profile-controller';

export const READMES = ['README.md', 'README.zh-CN.md'].map((f) => path.join(__dirname, '..', f)).filter((f) => fs.existsSync(f));

/** The generated blocks, by name. */
export function generatedSections(): Record<string, string> {
  return {
    // The reference is long: GitHub folds it.
    'field-reference': `<details><summary>Field reference (generated from the CRD schema)</summary>\n\n${fieldReferenceMarkdown().replace(/^## /, '### ').trim()}\n\n</details>`,
    'phase-rules': phaseRulesMarkdown().trim(),
    'controller-permissions': controllerPermissionsMarkdown(),
  };
}

/** `text` with each named block replaced by its content. */
export function fillSections(text: string, sections: Record<string, string>): string {
  let out = text;
  for (const [name, content] of Object.entries(sections)) {
    const pattern = new RegExp(`(<!-- generated:${name}:start -->\\n)[\\s\\S]*?(<!-- generated:${name}:end -->)`);
    out = out.replace(pattern, (_m, start: string, end: string) => `${start}${content}\n${end}`);
  }
  return out;
}

if (require.main === module) {
  for (const file of READMES) fs.writeFileSync(file, fillSections(fs.readFileSync(file, 'utf8'), generatedSections()));
}
