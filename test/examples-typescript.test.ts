import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';

const APP_DIR = path.join(__dirname, '..', 'examples', 'typescript');

test('examples/typescript: `cdk8s synth` works and yields both VMs on one shared NAD', () => {
  // GIVEN the example app WHEN `cdk8s synth` runs it
  fs.rmSync(path.join(APP_DIR, 'cdk8s.out'), { recursive: true, force: true });
  execFileSync('npx', ['cdk8s', 'synth', '--check-upgrade=false'], { cwd: APP_DIR, stdio: 'pipe', env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' } });
  // THEN the chart's manifest holds two VMs on one NAD
  const objects = parseAllDocuments(fs.readFileSync(path.join(APP_DIR, 'cdk8s.out', 'web-tier.k8s.yaml'), 'utf8')).map((d) => d.toJS());
  expect(objects.filter((o) => o.kind === 'VirtualMachine').map((o) => o.metadata.name)).toEqual(['web-01-vm', 'web-02-vm']);
  expect(objects.filter((o) => o.kind === 'NetworkAttachmentDefinition').map((o) => o.metadata.name)).toEqual(['management-nad']);
  const vm = objects.find((o) => o.metadata.name === 'web-02-vm');
  expect(vm.spec.template.spec.networks).toEqual([{ name: 'management', multus: { networkName: 'production/management-nad' } }]);
}, 60_000);
