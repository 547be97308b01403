/**
 * Validates emitted objects against the upstream schemas in ../shared/schemas/jsonschema (see its README).
 * Where ../shared is absent the conformance tests are skipped, and say so loudly.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

export const SCHEMA_DIR = path.resolve(__dirname, '..', '..', 'shared', 'schemas', 'jsonschema');
export const SCHEMAS_PRESENT = fs.existsSync(SCHEMA_DIR);

if (!SCHEMAS_PRESENT) {
  // eslint-disable-next-line no-console
  console.warn(`\n*** SKIPPED conformance: ${SCHEMA_DIR} not found; emitted objects were NOT checked against upstream schemas ***\n`);
}

/** `describe` when the schemas are here, else a skipped block (reported as skipped by jest). */
export const describeConformance: jest.Describe = SCHEMAS_PRESENT ? describe : describe.skip;

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const compiled = new Map<string, ValidateFunction>();

/** kubeconform's file naming: core `<kind>-v1.json`, other groups `<kind>_<version>.json`. */
export function schemaFileFor(obj: { apiVersion: string; kind: string }): string {
  const [group, version] = obj.apiVersion.includes('/') ? obj.apiVersion.split('/') : ['', obj.apiVersion];
  return group === '' ? `${obj.kind.toLowerCase()}-${version}.json` : `${obj.kind.toLowerCase()}_${version}.json`;
}

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Problems of one object against its upstream schema, plus the metadata rules the CRD schemas leave out. */
export function conformanceErrors(obj: any): string[] {
  const file = path.join(SCHEMA_DIR, schemaFileFor(obj));
  if (!fs.existsSync(file)) return [`no schema for ${obj.apiVersion} ${obj.kind} (${file})`];
  let validate = compiled.get(file);
  if (!validate) {
    validate = ajv.compile(JSON.parse(fs.readFileSync(file, 'utf8')));
    compiled.set(file, validate);
  }
  const errors = validate(obj) ? [] : (validate.errors ?? []).map((e) => `${obj.kind}/${obj.metadata?.name}${e.instancePath}: ${e.message}`);
  const name: unknown = obj.metadata?.name;
  if (typeof name !== 'string' || name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) errors.push(`${obj.kind}: metadata.name ${JSON.stringify(name)} is not a DNS-1123 subdomain`);
  for (const [k, v] of Object.entries<string>(obj.metadata?.labels ?? {})) {
    if (v.length > 63 || !LABEL_VALUE.test(v)) errors.push(`${obj.kind}/${name}: label ${k}=${v} is not a valid label value`);
  }
  return errors;
}
