/**
 * `synth --output-dir`: the objects of a synth as a folder of files, one per profile, that is complete and current
 * after every run and never reaches outside the folder.
 *
 * - `<namespace>.<name>.yaml` (`<name>.yaml` without a namespace): everything only that profile uses.
 * - `shared-networks.yaml`: NetworkAttachmentDefinitions several profiles use (one object, so deleting one
 *   profile's file never deletes another profile's network).
 * - `node-networks.yaml`: the NodeNetworkConfigurationPolicies (cluster-scoped, per node uplink).
 * - `other-objects.yaml`: objects passed through by `--keep-other-kinds`.
 *
 * File names come only from validated profile names and namespaces (DNS names), never from fields of passed-through
 * objects. Files holding a Secret are written with mode 0600. `.vmprofile-output` lists the files the run wrote:
 * the next run removes those it no longer writes, and reports (leaves) any other manifest file of the folder.
 */
import * as path from 'node:path';
import { CliIo } from './io';
import { PROFILE_LABEL, SHARED_LABEL } from '../plan/naming';
import { escapeLine } from '../spec/yaml-limits';

/** The index of written files, in the output folder; no `.yaml` extension, so `kubectl apply -f DIR` skips it. */
export const OUTPUT_INDEX = '.vmprofile-output';
/** Files of objects that belong to no single profile. */
export const SHARED_NETWORKS_FILE = 'shared-networks';
export const NODE_NETWORKS_FILE = 'node-networks';
export const OTHER_OBJECTS_FILE = 'other-objects';
const RESERVED = [SHARED_NETWORKS_FILE, NODE_NETWORKS_FILE, OTHER_OBJECTS_FILE];

/** A file name we write: a DNS subdomain (what a validated name or `<namespace>.<name>` is) and an extension. */
const SAFE_FILE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\.(yaml|json)$/;
/** Manifest files `kubectl apply -f DIR` would read, so a stale one matters. */
const MANIFEST_FILE = /\.(ya?ml|json)$/;

/** A profile that was synthesized: its (validated) name and namespace. */
export interface WrittenProfile {
  readonly name: string;
  readonly namespace?: string;
}

/** What goes into the folder. */
export interface OutputObjects {
  /** The synthesized profiles, in input order. */
  readonly profiles: readonly WrittenProfile[];
  /** Synthesized objects. */
  readonly manifests: readonly any[];
  /** The profile documents themselves (`--include-profile`), one per profile, same order; empty otherwise. */
  readonly profileDocuments: readonly unknown[];
  /** Passed-through objects (`--keep-other-kinds`). */
  readonly others: readonly unknown[];
}

/** Thrown when the objects cannot be laid out as files (two profiles want one file name). */
export class OutputLayoutError extends Error {}

/** The file (without extension) of each object; in first-use order. */
function layoutFiles(objects: OutputObjects): Map<string, unknown[]> {
  const fileOfProfile = new Map<string, string>();
  const profileOfFile = new Map<string, string>();
  const byName = new Map<string, WrittenProfile[]>();
  const keyOf = (p: WrittenProfile) => (p.namespace ? `${p.namespace}/${p.name}` : p.name);
  for (const p of objects.profiles) {
    const file = p.namespace ? `${p.namespace}.${p.name}` : p.name;
    const clash = profileOfFile.get(file) ?? (RESERVED.includes(file) ? `the shared file ${file}` : undefined);
    if (clash !== undefined) {
      throw new OutputLayoutError(`VirtualMachineProfile/${keyOf(p)} and ${clash.startsWith('the ') ? clash : `VirtualMachineProfile/${clash}`} ` +
        `would both be written to ${file}.yaml: rename one, or give it a namespace`);
    }
    profileOfFile.set(file, keyOf(p));
    fileOfProfile.set(keyOf(p), file);
    byName.set(p.name, [...(byName.get(p.name) ?? []), p]);
  }
  const files = new Map<string, unknown[]>();
  const add = (file: string, o: unknown) => {
    const list = files.get(file);
    if (list) list.push(o);
    else files.set(file, [o]);
  };
  objects.profileDocuments.forEach((doc, i) => add(fileOfProfile.get(keyOf(objects.profiles[i]))!, doc));
  for (const m of objects.manifests) {
    const labels = m?.metadata?.labels ?? {};
    if (m?.kind === 'NodeNetworkConfigurationPolicy') {
      add(NODE_NETWORKS_FILE, m);
    } else if (labels[SHARED_LABEL] === 'true') {
      add(SHARED_NETWORKS_FILE, m);
    } else {
      // Our own label on our own object: it names a profile of this input. Prefer the one of the object's namespace.
      const candidates = byName.get(labels[PROFILE_LABEL]) ?? [];
      const owner = candidates.find((p) => (p.namespace ?? '') === (m?.metadata?.namespace ?? '')) ?? candidates[0];
      add(owner ? fileOfProfile.get(keyOf(owner))! : SHARED_NETWORKS_FILE, m);
    }
  }
  for (const o of objects.others) add(OTHER_OBJECTS_FILE, o);
  return files;
}

/** True when any of `objects` is a Secret (the file then gets mode 0600). */
function holdsSecret(objects: readonly unknown[]): boolean {
  return objects.some((o) => (o as { kind?: unknown })?.kind === 'Secret');
}

/**
 * Writes the files into `outDir` (each all or nothing), then the index, then removes the files an earlier run
 * wrote that this one does not. Returns the warning lines (manifest files of the folder this run did not write
 * and no index lists).
 */
export function writeOutputDir(io: CliIo, outDir: string, objects: OutputObjects, ext: 'yaml' | 'json', render: (objects: unknown[]) => string): string[] {
  const layout = layoutFiles(objects);
  const contents = new Map<string, { text: string; mode: number }>();
  for (const [file, list] of layout) {
    const name = `${file}.${ext}`;
    if (!SAFE_FILE.test(name)) throw new OutputLayoutError(`refusing to write a file named ${JSON.stringify(name)}`);
    contents.set(name, { text: render(list), mode: holdsSecret(list) ? 0o600 : 0o644 });
  }
  const root = path.resolve(outDir);
  const inside = (name: string) => {
    const full = path.join(outDir, name);
    // Belt and braces: SAFE_FILE has no separator and no `..`, so this always holds.
    if (path.dirname(path.resolve(full)) !== root) throw new OutputLayoutError(`refusing to write ${JSON.stringify(name)} outside ${outDir}`);
    return full;
  };
  const previous = readIndex(io, inside(OUTPUT_INDEX));
  const existing = io.listFiles(outDir, false)?.map((f) => path.basename(f)) ?? [];
  for (const [name, { text, mode }] of contents) io.writeFile(inside(name), text, { mode });
  io.writeFile(inside(OUTPUT_INDEX), [...contents.keys()].map((n) => `${n}\n`).join(''));
  for (const name of previous) if (!contents.has(name)) io.removeFile(inside(name));
  return existing
    .filter((name) => MANIFEST_FILE.test(name) && !contents.has(name) && !previous.includes(name))
    .map((name) => `Warning: ${escapeLine(path.join(outDir, name))}: not written by this run and not listed in ${OUTPUT_INDEX}: ` +
      'left in place; delete it if it is the output of an earlier vmprofile synth');
}

/** The file names an earlier run wrote; only names we could have written (nothing with a path in it). */
function readIndex(io: CliIo, file: string): string[] {
  let text: string;
  try {
    text = io.readFile(file);
  } catch {
    return [];
  }
  return text.split('\n').filter((line) => SAFE_FILE.test(line));
}
