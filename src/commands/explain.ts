/**
 * `kubectl explain` for VirtualMachineProfile, offline, from the CRD schema (so from the TSDoc of the types),
 * and a markdown field reference generated from the same schema.
 */
import { CrdSchema, PROFILE_PLURAL, PROFILE_SHORT_NAMES, PROFILE_SINGULAR, profileOpenApiSchema } from './crd';
import { PROFILE_GROUP, PROFILE_KIND, PROFILE_VERSION } from '../spec/profile-spec';
import { closestCandidate, escapeLine } from '../spec/yaml-limits';

/** Names that may start a path: `virtualmachineprofile.spec`, `vmp.spec`, ... */
const RESOURCE_NAMES: readonly string[] = [
  PROFILE_KIND.toLowerCase(), PROFILE_SINGULAR, PROFILE_PLURAL, `${PROFILE_PLURAL}.${PROFILE_GROUP}`, ...PROFILE_SHORT_NAMES,
];

const WIDTH = 80;

/** kubectl's type notation: `<string>`, `<[]Object>`, `<map[string]string>`, `<Object>`. */
function typeName(node: CrdSchema): string {
  if (node.type === 'array') return `[]${node.items ? typeName(node.items) : 'Object'}`;
  if (node.type === 'object') return node.additionalProperties && !node.properties ? `map[string]${typeName(node.additionalProperties)}` : 'Object';
  if (node['x-kubernetes-int-or-string']) return 'IntOrString';
  return node.type ?? 'Object';
}

/** The object whose fields a node lists: arrays list their items' fields. */
function fieldsOf(node: CrdSchema): CrdSchema | undefined {
  const target = node.type === 'array' ? node.items : node;
  return target?.properties ? target : undefined;
}

/** Splits a path into field names, dropping a leading resource name (`vmp.spec` = `spec`). */
function pathSegments(path: string): string[] {
  const segments = path.trim().split('.').filter((s) => s !== '');
  // `virtualmachineprofiles.vm.example.com.spec`: the group is part of the resource name.
  const full = `${PROFILE_PLURAL}.${PROFILE_GROUP}`;
  if (path.trim().toLowerCase().startsWith(`${full}`)) return segments.slice(full.split('.').length);
  if (segments.length > 0 && RESOURCE_NAMES.includes(segments[0].toLowerCase())) return segments.slice(1);
  return segments;
}

/** A path segment: a field name and list indexes after it (`networks[0]`, `networks[]`), which select its items. */
const SEGMENT = /^([^[\]]+)((?:\[\d*\])*)$/;

/**
 * The schema node at `path`, with its field name; throws `field "x" does not exist` for unknown fields (with a
 * did-you-mean when one is close). Indexes are accepted where the field is a list: `spec.networks[0].vlanId`.
 * Only the schema's own fields exist: `constructor`, `__proto__` and the like are unknown like any other name.
 */
export function lookupField(path: string): { readonly name?: string; readonly node: CrdSchema } {
  if (typeof path !== 'string') throw new Error(`the path to explain must be a string, got ${path === null ? 'null' : typeof path}`);
  let node = profileOpenApiSchema();
  let name: string | undefined;
  for (const segment of pathSegments(path)) {
    const m = SEGMENT.exec(segment);
    const field = m ? m[1] : segment;
    const properties = fieldsOf(node)?.properties ?? {};
    const child = Object.prototype.hasOwnProperty.call(properties, field) ? properties[field] : undefined;
    if (!child) {
      const guess = m ? closestCandidate(field, Object.keys(properties)) : undefined;
      throw new Error(`field "${escapeLine(field)}" does not exist${guess ? `; did you mean "${guess}"?` : ''}`);
    }
    const indexes = m?.[2] ?? '';
    if (indexes !== '' && (child.type !== 'array' || indexes.split('[').length - 1 > 1)) {
      throw new Error(`field "${field}" is ${child.type === 'array' ? 'a list of objects, not of lists' : 'not a list'}: ` +
        `${escapeLine(indexes)} selects nothing`);
    }
    node = child;
    name = field;
  }
  return { name, node };
}

/** Greedy word wrap to `width` columns, each line prefixed with `indent`. */
function wrap(text: string, indent: string, width = WIDTH): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      if (line && indent.length + line.length + 1 + word.length > width) {
        lines.push(indent + line);
        line = word;
      } else {
        line = line ? `${line} ${word}` : word;
      }
    }
    lines.push(indent + line);
  }
  return lines;
}

const enumValue = (v: string): string => (v === '' ? '""' : v);

/** kubectl's one-line enum under a field: `enum: a, b, c`. */
function constraints(node: CrdSchema): string[] {
  return node.enum ? [`enum: ${node.enum.map(enumValue).join(', ')}`] : [];
}

/** kubectl's ENUM block of the explained field itself. */
function enumLines(node: CrdSchema): string[] {
  return node.enum ? ['ENUM:', ...node.enum.map((v) => `    ${enumValue(v)}`), ''] : [];
}

function fieldLines(name: string, node: CrdSchema, required: boolean): string[] {
  return [
    `  ${name}\t<${typeName(node)}>${required ? ' -required-' : ''}`,
    ...constraints(node).map((c) => `  ${c}`),
    ...(node.description ? wrap(node.description, '    ') : []),
    '',
  ];
}

/** Nested field names with types, as `kubectl explain --recursive` prints them. */
function recursiveLines(node: CrdSchema, depth: number): string[] {
  const parent = fieldsOf(node);
  if (!parent?.properties) return [];
  return Object.keys(parent.properties).sort().flatMap((k) => {
    const child = parent.properties![k];
    const required = parent.required?.includes(k) ? ' -required-' : '';
    return [`${'  '.repeat(depth)}${k}\t<${typeName(child)}>${required}`, ...recursiveLines(child, depth + 1)];
  });
}

/** Options of `explain`. */
export interface ExplainOptions {
  /** Print the whole field tree below the path instead of one level with descriptions. @default false */
  readonly recursive?: boolean;
}

/**
 * Documentation of a VirtualMachineProfile field, like `kubectl explain virtualmachineprofile.spec.networks`:
 * GROUP, KIND, VERSION, the FIELD with its type, its DESCRIPTION and its FIELDS. The leading resource name
 * is optional. Throws `field "x" does not exist` for an unknown field.
 */
export function explain(path: string, options: ExplainOptions = {}): string {
  const { name, node } = lookupField(path);
  const lines = [
    `GROUP:      ${PROFILE_GROUP}`,
    `KIND:       ${PROFILE_KIND}`,
    `VERSION:    ${PROFILE_VERSION}`,
    '',
    ...(name ? [`FIELD: ${name} <${typeName(node)}>`, ''] : []),
    ...enumLines(node),
    'DESCRIPTION:',
    ...wrap(node.description || '<empty>', '    '),
    '',
  ];
  const parent = fieldsOf(node);
  if (parent?.properties) {
    lines.push('FIELDS:');
    if (options.recursive) {
      lines.push(...recursiveLines(node, 1), '');
    } else {
      for (const k of Object.keys(parent.properties).sort()) {
        lines.push(...fieldLines(k, parent.properties[k], parent.required?.includes(k) ?? false));
      }
    }
  }
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}

// ---------------------------------------------------------------------------------------------------------------
// Markdown field reference

/** Limits of a field, in words: pattern, bounds, lengths, list semantics. */
function limits(node: CrdSchema): string {
  const out: string[] = [];
  if (node.enum) out.push(`one of ${node.enum.map((v) => `\`${v === '' ? '""' : v}\``).join(', ')}`);
  if (node.minimum !== undefined) out.push(`>= ${node.minimum}`);
  if (node.maximum !== undefined) out.push(`<= ${node.maximum}`);
  if (node.minLength !== undefined) out.push(`min length ${node.minLength}`);
  if (node.maxLength !== undefined) out.push(`max length ${node.maxLength}`);
  if (node.maxItems !== undefined) out.push(`max ${node.maxItems} items`);
  if (node['x-kubernetes-list-type'] === 'map') out.push(`unique by \`${node['x-kubernetes-list-map-keys']?.join(', ')}\``);
  if (node.format) out.push(`format ${node.format}`);
  for (const rule of node['x-kubernetes-validations'] ?? []) {
    if (!rule.fieldPath) out.push(rule.message);
  }
  return out.join('; ');
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** One section per object: a table of its fields, then the cross-field rules that name one of them. */
function sections(node: CrdSchema, path: string): string[] {
  const obj = fieldsOf(node);
  if (!obj?.properties) return [];
  const rows = Object.keys(obj.properties).map((k) => {
    const child = obj.properties![k];
    return `| \`${k}\` | \`${typeName(child)}\` | ${obj.required?.includes(k) ? 'yes' : 'no'} | ${cell(child.description ?? '')} | ${cell(limits(child))} |`;
  });
  const rules = (obj['x-kubernetes-validations'] ?? []).filter((r) => r.fieldPath)
    .map((r) => `- \`${r.fieldPath!.replace(/^\./, '')}\`: ${r.message}`);
  const own = [
    `### \`${path}\``,
    '',
    ...(node.description ? [node.description, ''] : []),
    '| Field | Type | Required | Description | Validation |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
    ...(rules.length ? ['Cross-field rules:', '', ...rules, ''] : []),
  ];
  const children = Object.keys(obj.properties).flatMap((k) => {
    const child = obj.properties![k];
    return sections(child, `${path}.${k}${child.type === 'array' ? '[]' : ''}`);
  });
  return [...own, ...children];
}

/** A markdown reference of every spec and status field, generated from the CRD schema (for docs/crd.md). */
export function fieldReferenceMarkdown(): string {
  const schema = profileOpenApiSchema();
  const lines = [
    `## ${PROFILE_KIND} field reference (\`${PROFILE_GROUP}/${PROFILE_VERSION}\`)`,
    '',
    'Generated from the CRD schema (`vmprofile crd`); `vmprofile explain <field>` prints the same offline.',
    '',
    ...sections(schema.properties!.spec, 'spec'),
    ...sections(schema.properties!.status, 'status'),
  ];
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}
