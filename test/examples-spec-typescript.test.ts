import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { example } from './helpers';
import { synthProfiles } from '../src/synth/synth';

const APP_DIR = path.join(__dirname, '..', 'examples', 'spec-typescript');

test('examples/spec-typescript: `cdk8s synth` of the spec examples written in TypeScript gives what their YAML gives', () => {
  // GIVEN the four spec examples as a TypeScript cdk8s app WHEN `cdk8s synth` runs it
  fs.rmSync(path.join(APP_DIR, 'cdk8s.out'), { recursive: true, force: true });
  execFileSync('npx', ['cdk8s', 'synth', '--check-upgrade=false'], { cwd: APP_DIR, stdio: 'pipe', env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' } });
  // THEN each example's manifest holds exactly the objects of the same example read from YAML
  for (const name of ['web-server-01', 'simple-vm', 'multi-net-vm', 'ha-vm']) {
    const file = path.join(APP_DIR, 'cdk8s.out', name, `${name}.k8s.yaml`);
    const fromTypeScript = parseAllDocuments(fs.readFileSync(file, 'utf8')).map((d) => d.toJS());
    expect(fromTypeScript).toEqual(synthProfiles([{ doc: example(name) }]).manifests);
  }
}, 60_000);
