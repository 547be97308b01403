/**
 * Property tests over the whole pipeline: random valid profiles always synthesize to manifests that pass the
 * upstream schemas and read back losslessly; random corruptions always end in a ValidationError, never in
 * another exception and never in output.
 */
import { Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { arbCorruptedProfile, arbProfile, arbScrambledProfile } from './arbitraries';
import { conformanceErrors, describeConformance } from './conformance';
import { VirtualMachineProfile } from '../src/constructs/virtual-machine-profile';
import { ProfileSynthError, synthProfiles } from '../src/synth/synth';
import { ValidationError } from '../src/validate/validation';

describeConformance('random valid profiles', () => {
  test('synthesize to manifests that pass ../shared/schemas/jsonschema (1,000 runs)', () => {
    fc.assert(fc.property(arbProfile, (doc) => {
      const { manifests } = synthProfiles([{ doc }]);
      expect(manifests.some((o) => o.kind === 'VirtualMachine')).toBe(true);
      expect(manifests.flatMap(conformanceErrors)).toEqual([]);
    }), { numRuns: 1000 });
  });
});

describe('random profiles', () => {
  test('YAML -> construct -> toManifest() is lossless (300 runs)', () => {
    fc.assert(fc.property(arbProfile, (doc) => {
      const profile = VirtualMachineProfile.fromManifest(Testing.chart(), undefined, JSON.parse(JSON.stringify(doc)));
      expect(profile.toManifest()).toEqual(doc);
    }), { numRuns: 300 });
  });

  test('corruptions always end in ValidationError, never another exception, never output (1,000 runs)', () => {
    fc.assert(fc.property(arbCorruptedProfile, ({ doc }) => {
      expect(() => synthProfiles([{ doc }])).toThrow(ProfileSynthError);
      expect(() => VirtualMachineProfile.fromManifest(Testing.chart(), undefined, doc)).toThrow(ValidationError);
    }), { numRuns: 1000 });
  });

  test('scrambled documents are refused or synthesized, never crash (500 runs)', () => {
    fc.assert(fc.property(arbScrambledProfile, (doc) => {
      try {
        synthProfiles([{ doc }]);
      } catch (e) {
        expect(e).toBeInstanceOf(ProfileSynthError);
      }
    }), { numRuns: 500 });
  });
});
