/**
 * Proves the Mermaid text renders, with the real Mermaid (the browser bundle, as GitHub uses it) in Debian's
 * headless Chromium: no syntax error, an <svg>, one drawn node per graph node carrying its label lines.
 * Offline: the bundle is injected from node_modules and every network request is refused.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { example } from './helpers';
import { Graph, GraphNode, profileGraph, toMermaid } from '../src/commands/graph';

const CHROMIUM = '/usr/bin/chromium';
const MERMAID_BUNDLE = path.join(__dirname, '..', 'node_modules', 'mermaid', 'dist', 'mermaid.min.js');
const EXAMPLES = ['simple-vm', 'multi-net-vm', 'ha-vm', 'web-server-01'];
const HAVE_CHROMIUM = fs.existsSync(CHROMIUM);

if (!HAVE_CHROMIUM) console.warn(`SKIPPED mermaid render: ${CHROMIUM} not found`);
const renderTest = HAVE_CHROMIUM ? test : test.skip;

/** What the page reports about one rendered diagram. */
interface Rendered {
  /** The SVG markup mermaid.render returned. */
  readonly svg: string;
  /** textContent of each drawn node, in document order, whitespace collapsed. */
  readonly nodeTexts: string[];
  /** Titles of the drawn subgraphs. */
  readonly clusters: string[];
  /** Number of drawn edges. */
  readonly edges: number;
  /** Text of edge labels that have one. */
  readonly edgeLabels: string[];
}

/** Renders Mermaid text in the page; rejects on a syntax error, as GitHub would show one. */
async function render(page: Page, id: string, text: string): Promise<Rendered> {
  return page.evaluate(async ({ id: diagramId, text: source }) => {
    // Runs in the page; the test project has no DOM typings, hence `any`.
    const { mermaid, document } = globalThis as any;
    await mermaid.parse(source); // throws on a syntax error
    const { svg } = await mermaid.render(diagramId, source);
    const holder = document.createElement('div');
    holder.innerHTML = svg;
    document.body.appendChild(holder);
    const textOf = (e: any): string => (e.textContent ?? '').replace(/\s+/g, ' ').trim();
    return {
      svg,
      nodeTexts: [...holder.querySelectorAll('g.node')].map(textOf),
      clusters: [...holder.querySelectorAll('g.cluster')].map((c: any) => textOf(c.querySelector('.cluster-label') ?? c)),
      edges: holder.querySelectorAll('path.flowchart-link').length,
      edgeLabels: [...holder.querySelectorAll('g.edgeLabel')].map(textOf).filter((t: string) => t.length > 0),
    };
  }, { id, text });
}

/** How a node's label reads in the SVG's textContent: lines run together (`<br>` is a break, not text). */
function expectedText(node: GraphNode): string {
  return node.label.join('').replace(/\s+/g, ' ').trim();
}

/** THEN-part shared by every diagram: an SVG with every node, group and edge of the graph, labels intact. */
function expectRenderedGraph(rendered: Rendered, graph: Graph): void {
  expect(rendered.svg.startsWith('<svg')).toBe(true);
  expect(rendered.svg).not.toMatch(/Syntax error/i);
  expect(rendered.nodeTexts).toHaveLength(graph.nodes.length);
  // Nodes are drawn in declaration order: each carries exactly its own label.
  expect(rendered.nodeTexts).toEqual(graph.nodes.map(expectedText));
  expect(rendered.clusters.sort()).toEqual(graph.groups.map((g) => g.label).sort());
  expect(rendered.edges).toBe(graph.edges.length);
  expect(rendered.edgeLabels.sort()).toEqual(graph.edges.filter((e) => e.label !== undefined).map((e) => e.label).sort());
}

describe('Mermaid output renders in a browser', () => {
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    if (!HAVE_CHROMIUM) return;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage();
    // Offline by construction: nothing may be fetched, the bundle comes from disk.
    await page.route('**/*', (route) => route.abort());
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ path: MERMAID_BUNDLE });
    await page.evaluate(() => (globalThis as any).mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' }));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  renderTest.each(EXAMPLES)('%s renders with every node label', async (name) => {
    // GIVEN the graph of a spec example
    const graph = profileGraph([example(name)]);
    // WHEN Mermaid renders its text
    const rendered = await render(page, `g-${name}`, toMermaid(graph));
    // THEN an SVG with every node, subgraph and edge
    expectRenderedGraph(rendered, graph);
  }, 30_000);

  renderTest('the fleet of all four examples renders, shared objects once, the conflict visible', async () => {
    // GIVEN the four examples together
    const graph = profileGraph(EXAMPLES.map(example));
    // WHEN rendered
    const rendered = await render(page, 'g-fleet', toMermaid(graph));
    // THEN every node, and the shared StorageClass drawn once
    expectRenderedGraph(rendered, graph);
    expect(rendered.nodeTexts.filter((t) => t.includes('huamei-sc-ssd'))).toHaveLength(1);
    expect(rendered.nodeTexts.some((t) => t.includes('CONFLICT: multi-net-vm and ha-vm need different configs'))).toBe(true);
  }, 30_000);

  renderTest('labels with quotes, brackets, # and HTML come out as text', async () => {
    // GIVEN labels full of characters that mean something to Mermaid and HTML
    const graph: Graph = {
      groups: [{ id: 'g', label: 'Group #1 "q" [a]' }],
      nodes: [
        { id: 'vm:a/b', kind: 'vm', name: 'b', group: 'g', label: ['Say "hi" #1', '<b>bold</b> & [x] {y} (z) |p|; end'] },
        { id: 'nad:end', kind: 'nad', name: 'end', group: 'g', label: ['o--x', '#quot;'] },
      ],
      edges: [{ from: 'vm:a/b', to: 'nad:end', label: 'a|b "c"' }],
    };
    // WHEN rendered
    const rendered = await render(page, 'g-nasty', toMermaid(graph));
    // THEN the text survives literally, no markup injected
    expectRenderedGraph(rendered, graph);
    expect(rendered.nodeTexts).toEqual(['Say "hi" #1<b>bold</b> & [x] {y} (z) |p|; end', 'o--x#quot;']);
    expect(rendered.clusters).toEqual(['Group #1 "q" [a]']);
    expect(rendered.svg).not.toContain('<b>bold');
  }, 30_000);
});
