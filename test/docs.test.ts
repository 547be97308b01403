import * as fs from 'node:fs';
import { fillSections, generatedSections, READMES } from '../tools/docs';

describe('READMEs', () => {
  test.each(READMES)('%s holds the current generated sections (run `npx projen docs`)', (file) => {
    const text = fs.readFileSync(file, 'utf8');
    expect(fillSections(text, generatedSections())).toBe(text);
    for (const name of Object.keys(generatedSections())) expect(text).toContain(`<!-- generated:${name}:start -->`);
  });

  test('fillSections replaces only the named block', () => {
    const text = 'a\n<!-- generated:x:start -->\nold\n<!-- generated:x:end -->\nb\n';
    expect(fillSections(text, { x: 'new' })).toBe('a\n<!-- generated:x:start -->\nnew\n<!-- generated:x:end -->\nb\n');
  });
});
