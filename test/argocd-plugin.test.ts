import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

const ROOT = path.join(__dirname, '..');
const plugin = parse(fs.readFileSync(path.join(ROOT, 'examples', 'argocd', 'plugin.yaml'), 'utf8'));
const compiled = fs.existsSync(path.join(ROOT, 'dist', 'src', 'cli', 'main.js'));

/** Runs a plugin command the way the CMP server does: in the Application's folder, `vmprofile` on PATH. */
function runPluginCommand(command: { command: string[]; args?: string[] }, cwd: string): string {
  const [exe, ...args] = [...command.command, ...(command.args ?? [])];
  return execFileSync(exe, args, { cwd, encoding: 'utf8', env: { ...process.env, PATH: `${path.join(ROOT, 'bin')}:${process.env.PATH}` } });
}

describe('Argo CD config management plugin', () => {
  test('is a ConfigManagementPlugin with discover and generate', () => {
    expect(plugin.apiVersion).toBe('argoproj.io/v1alpha1');
    expect(plugin.kind).toBe('ConfigManagementPlugin');
    expect(plugin.spec.generate.command).toBeDefined();
  });

  test('discover finds a folder of profiles and ignores others', () => {
    expect(runPluginCommand(plugin.spec.discover.find, path.join(ROOT, 'examples', 'fleet')).trim()).not.toBe('');
    expect(runPluginCommand(plugin.spec.discover.find, path.join(ROOT, 'examples', 'argocd')).trim()).toBe('');
  });

  (compiled ? test : test.skip)('generate renders the fleet folder as one YAML stream', () => {
    const out = runPluginCommand(plugin.spec.generate, path.join(ROOT, 'examples', 'fleet'));
    const kinds = parseAllDocuments(out).map((d) => d.toJS().kind);
    expect(kinds.filter((k) => k === 'VirtualMachine')).toHaveLength(7);
    expect(kinds).toContain('NodeNetworkConfigurationPolicy');
  });
});
