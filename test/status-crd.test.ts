/**
 * The status `deriveStatus` computes is one the CRD's status schema accepts, in every state of the fixtures: so
 * `vmprofile status -o patch` never produces a patch the API server would refuse.
 */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { profileCrdManifest } from '../src/commands/crd';
import { deriveStatus } from '../src/commands/status';
import { cluster, profile, READY_INFRA, statesOf } from './fixtures/status/cluster';

const statusSchema = profileCrdManifest().spec.versions[0].schema.openAPIV3Schema.properties.status;
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(statusSchema);

describe('derived status vs the CRD status schema', () => {
  test.each(statesOf('VirtualMachine'))('VM %s, everything else ready', (vm) => {
    // GIVEN the VM in this state WHEN its status is derived THEN the CRD accepts it
    const status = deriveStatus(profile(), cluster({ ...READY_INFRA, vm, vmi: vm === 'running' ? 'running' : undefined }));
    expect(validate(JSON.parse(JSON.stringify(status)))).toBe(true);
  });

  test.each(statesOf('DataVolume'))('system DataVolume %s, nothing else yet', (dvSystem) => {
    const status = deriveStatus(profile(), cluster({ dvSystem }));
    expect(validate(JSON.parse(JSON.stringify(status)))).toBe(true);
  });

  test('nothing created yet (Pending)', () => {
    const status = deriveStatus(profile(), []);
    expect(status.phase).toBe('Pending');
    expect(validate(JSON.parse(JSON.stringify(status)))).toBe(true);
  });

  test('the schema does refuse a wrong phase (this test can fail)', () => {
    expect(validate({ ...JSON.parse(JSON.stringify(deriveStatus(profile(), []))), phase: 'Sleeping' })).toBe(false);
  });
});
