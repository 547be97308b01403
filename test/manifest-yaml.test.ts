import * as fc from 'fast-check';
import { parse } from 'yaml';
import { toYaml, yamlScalar } from '../src/synth/manifest-yaml';

/** What YAML 1.2 and YAML 1.1 readers (kubectl's) make of the text. */
function readBoth(text: string): [unknown, unknown] {
  return [parse(text), parse(text, { version: '1.1' })];
}

describe('yamlScalar: plain or quoted', () => {
  // The rule as first written, one test after the other: the oracle for the reordered checks.
  const plainByRule = (s: string): boolean => !s.endsWith(':') && !/^(y|yes|n|no|true|false|on|off|null|~)$/i.test(s) &&
    !/^[-+.0-9eE_:]+$/.test(s) && (/^[A-Za-z_/][-A-Za-z0-9_./:]*$/.test(s) || (/^[0-9][-A-Za-z0-9_./]*$/.test(s) && /[g-np-wyzG-NP-WYZ]/.test(s)));
  // Strings made of the characters the rule looks at, so that both answers come up often.
  const wordish = fc.string({ unit: fc.constantFrom(...'09aeEgGoxyYnNtT_-+./:~ #'.split('')), maxLength: 8 });

  test('GIVEN any string WHEN written THEN it is plain exactly when the rule says so', () => {
    fc.assert(fc.property(fc.oneof(wordish, fc.string()), (s) => {
      // A quoted string starts with '"', so it never equals the string itself.
      expect(yamlScalar(s) === s).toBe(plainByRule(s));
    }), { numRuns: 20000 });
  });
});

describe('toYaml', () => {
  test('block style like kubectl: nested maps, sequences of maps, empty collections, literal blocks', () => {
    // GIVEN a manifest-like object WHEN written THEN the layout is kubectl's
    expect(toYaml({
      apiVersion: 'kubevirt.io/v1',
      metadata: { name: 'web-vm', labels: { 'app.kubernetes.io/name': 'web' } },
      spec: { interfaces: [{ name: 'mgmt', bridge: {} }, { name: 'biz', sriov: {} }], ports: [], userData: '#cloud-config\nhostname: x\n' },
    })).toBe([
      'apiVersion: kubevirt.io/v1',
      'metadata:',
      '  name: web-vm',
      '  labels:',
      '    app.kubernetes.io/name: web',
      'spec:',
      '  interfaces:',
      '    - name: mgmt',
      '      bridge: {}',
      '    - name: biz',
      '      sriov: {}',
      '  ports: []',
      '  userData: |',
      '    #cloud-config',
      '    hostname: x',
      '',
    ].join('\n'));
  });

  test.each([
    'on', 'Off', 'yes', 'N', 'null', '~', 'true', '1_000', '0755', '0x1F', '0o17', '1e3', '.inf', '.NaN', '2024-01-01', '1:20', '12:30:45',
    '', ' lead', 'trail ', '- dash', '? q', ': c', '#hash', '&a', '*a', '!t', '|', '>', '%p', '@a', '`b', '"q"', "'q'", '[a]', '{a}', 'a: b', 'a #b',
    '192.168.1.10/24', '02:aa:bb:cc:dd:ee', '-1', '+1', '1.5', '=', '<<', 'E0', 'e5', '_1',
  ])('the string %j stays a string for YAML 1.1 and 1.2 readers', (s) => {
    expect(readBoth(toYaml({ v: s, [s]: 1, list: [s] }))).toEqual([{ v: s, [s]: 1, list: [s] }, { v: s, [s]: 1, list: [s] }]);
  });

  test.each(['8Gi', '80Gi', 'docker://registry.example.com/centos-stream:8', 'eth0', 'br-mgmt', 'k8s.v1.cni.cncf.io/resourceName'])(
    '%s is written plain', (s) => {
      expect(toYaml({ v: s })).toBe(`v: ${s}\n`);
    });

  test('multi-line strings keep every newline and fall back to quotes when a block cannot carry them', () => {
    for (const s of ['a\nb', 'a\nb\n', 'a\nb\n\n', 'a\n\nb\n', ' lead\nx\n', 'trail \nx', 'tab\tx\ny\n', 'cr\r\nlf\n']) {
      expect(readBoth(toYaml({ s }))).toEqual([{ s }, { s }]);
    }
  });

  test.each(['\n', '\n\n', '\n\n\n', '\nx', '\n x', '\n\n  x\ny', 'x\n\n', '\n\nx\n\n'])('%j reads back exactly (before: "\\n" became "")', (s) => {
    expect(readBoth(toYaml({ s, list: [s] }))).toEqual([{ s, list: [s] }, { s, list: [s] }]);
  });

  test('property: strings of newlines, spaces and letters read back exactly', () => {
    const text = fc.string({ unit: fc.constantFrom('\n', ' ', 'a', '#', ':'), maxLength: 12 });
    fc.assert(fc.property(text, (s) => {
      expect(readBoth(toYaml({ s }))).toEqual([{ s }, { s }]);
    }), { numRuns: 5000 });
  });

  test('the literal-block check is linear: one value of 8n newlines costs what 8 values of n cost, not 8 times more', () => {
    // GIVEN values of n and 8n newlines before a last line (the shape that made `/\n*$/` quadratic)
    // The CPU time this process spent (not wall time: other processes on a busy machine do not count), best of 5.
    const cpuTime = (n: number, times: number) => {
      const value = { v: `${'\n'.repeat(n)}x` };
      let best = Infinity;
      for (let round = 0; round < 5; round++) {
        const started = process.cpuUsage();
        for (let i = 0; i < times; i++) toYaml(value);
        const used = process.cpuUsage(started);
        best = Math.min(best, used.user + used.system);
      }
      return best;
    };
    cpuTime(10_000, 8);
    // WHEN the same number of newlines is written as 8 values of 50,000 and as 1 of 400,000
    // THEN about the same work (linear gives ~1; quadratic work gives ~8, and the old code does not even finish the
    // larger size within the timeout). Up to three tries: a garbage collection can only inflate one measurement.
    const ratios: number[] = [];
    for (let attempt = 0; attempt < 3 && !ratios.some((r) => r < 3); attempt++) ratios.push(cpuTime(400_000, 1) / cpuTime(50_000, 8));
    expect(Math.min(...ratios)).toBeLessThan(3);
  }, 30_000);

  test('property: any JSON value reads back equal with YAML 1.2 and YAML 1.1 readers', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => {
      const normalized = JSON.parse(JSON.stringify(value));
      const [v12, v11] = readBoth(toYaml(normalized));
      expect(v12).toEqual(normalized);
      expect(v11).toEqual(normalized);
    }), { numRuns: 3000 });
  });

  test('fails: values JSON cannot hold', () => {
    expect(() => toYaml({ x: Infinity })).toThrow('cannot write Infinity as YAML');
  });
});
