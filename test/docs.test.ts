import * as fs from 'node:fs';
import * as path from 'node:path';
import { blockProblems, DOCS_DIR, filesOfBlock, fillSections, GENERATED_PAGES, generatedSections, READMES } from '../tools/docs';

const ROOT = path.join(__dirname, '..');
const ZH_DIR = path.join(DOCS_DIR, 'zh-CN');
const pagesIn = (dir: string): string[] => fs.readdirSync(dir).filter((f) => f.endsWith('.md')).sort();
const EN_PAGES = pagesIn(DOCS_DIR);
const ZH_PAGES = pagesIn(ZH_DIR);
const MARKDOWN = [...READMES, ...EN_PAGES.map((p) => path.join(DOCS_DIR, p)), ...ZH_PAGES.map((p) => path.join(ZH_DIR, p))];
const rel = (file: string): string => path.relative(ROOT, file);
const read = (file: string): string => fs.readFileSync(file, 'utf8');

/** The generated blocks `file` must hold, and no other. */
function expectedBlocks(file: string): string[] {
  return Object.keys(GENERATED_PAGES).filter((name) => filesOfBlock(name).includes(file));
}

/** Markdown links outside code: target as written. */
function links(text: string): string[] {
  const prose = text.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
}

/** GitHub's heading anchors (lower case, punctuation dropped, spaces to dashes), for the headings outside code. */
function anchors(text: string): Set<string> {
  const headings = text.replace(/^```[\s\S]*?^```/gm, '').match(/^#+ .*$/gm) ?? [];
  return new Set(headings.map((h) => h.replace(/^#+ /, '').toLowerCase().replace(/[^\p{L}\p{N}\- _]/gu, '').replace(/ /g, '-')));
}

describe('generated blocks', () => {
  test.each(MARKDOWN.map(rel))('%s holds its current generated blocks and no other (run `npx projen docs`)', (file) => {
    // GIVEN a README or docs page WHEN its generated blocks are checked against the code THEN nothing is wrong
    const abs = path.join(ROOT, file);
    expect(blockProblems(read(abs), expectedBlocks(abs), generatedSections())).toEqual([]);
  });

  test('every block has an English page and its Chinese twin, and both exist', () => {
    // GIVEN the blocks the code generates, and the measured bench block WHEN their files are listed THEN they exist
    for (const name of [...Object.keys(generatedSections()), 'bench']) {
      expect(filesOfBlock(name).map(rel)).toEqual([`docs/${GENERATED_PAGES[name]}`, `docs/zh-CN/${GENERATED_PAGES[name]}`]);
      for (const file of filesOfBlock(name)) expect(fs.existsSync(file)).toBe(true);
    }
  });

  test('a stale, missing or misplaced block is reported', () => {
    // GIVEN the current CRD page
    const sections = generatedSections();
    const [crd] = filesOfBlock('field-reference');
    const text = read(crd);
    // WHEN a line inside its block changes THEN the block is stale
    const stale = text.replace('| `cpu` |', '| `cpus` |');
    expect(stale).not.toBe(text);
    expect(blockProblems(stale, ['field-reference'], sections)).toEqual(['field-reference: stale: run `npx projen docs`']);
    // WHEN its end marker is lost THEN that is reported (the block would otherwise never be rewritten)
    expect(blockProblems(text.replace('<!-- generated:field-reference:end -->', ''), ['field-reference'], sections))
      .toEqual(['field-reference: Invalid value: 1 start and 0 end markers: must be one start, then one end']);
    // WHEN a page holds another page's block THEN that is refused
    expect(blockProblems(`${text}\n<!-- generated:phase-rules:start -->\n<!-- generated:phase-rules:end -->\n`, ['field-reference'], sections))
      .toEqual(['phase-rules: Forbidden: block belongs in status.md']);
  });

  test('fillSections replaces only the named block', () => {
    const text = 'a\n<!-- generated:x:start -->\nold\n<!-- generated:x:end -->\nb\n';
    expect(fillSections(text, { x: 'new' })).toBe('a\n<!-- generated:x:start -->\nnew\n<!-- generated:x:end -->\nb\n');
  });
});

describe('docs pages and links', () => {
  test('every English page has a Chinese twin and the other way round', () => {
    expect(ZH_PAGES).toEqual(EN_PAGES);
    expect(EN_PAGES.length).toBeGreaterThan(10);
  });

  test.each(EN_PAGES)('docs/%s and its twin link back to their README and to each other', (page) => {
    expect(links(read(path.join(DOCS_DIR, page)))).toEqual(expect.arrayContaining(['../README.md', `zh-CN/${page}`]));
    expect(links(read(path.join(ZH_DIR, page)))).toEqual(expect.arrayContaining(['../../README.zh-CN.md', `../${page}`]));
  });

  test('the READMEs index every page of their language and keep the languages markers', () => {
    const [en, zh] = READMES.map(read);
    expect(links(en)).toEqual(expect.arrayContaining(EN_PAGES.map((p) => `docs/${p}`)));
    expect(links(zh)).toEqual(expect.arrayContaining(ZH_PAGES.map((p) => `docs/zh-CN/${p}`)));
    for (const text of [en, zh]) expect(text).toMatch(/<!-- languages:start -->\n[\s\S]+\n<!-- languages:end -->/);
  });

  test.each(MARKDOWN.map(rel))('%s: every relative link reaches a file, and an anchor a heading', (file) => {
    // GIVEN a README or page WHEN its relative links are resolved from its folder THEN each target exists
    const abs = path.join(ROOT, file);
    const broken: string[] = [];
    for (const link of links(read(abs))) {
      if (/^[a-z]+:/i.test(link)) continue;
      const [target, anchor] = link.split('#');
      const dest = target === '' ? abs : path.resolve(path.dirname(abs), target);
      if (!fs.existsSync(dest)) broken.push(link);
      else if (anchor !== undefined && dest.endsWith('.md') && !anchors(read(dest)).has(decodeURIComponent(anchor))) broken.push(link);
    }
    expect(broken).toEqual([]);
  });
});
