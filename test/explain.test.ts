import { fakeIo } from './cli-io';
import { runExplain } from '../src/cli/explain-command';
import { explain, fieldReferenceMarkdown, lookupField } from '../src/commands/explain';

describe('explain', () => {
  test('a nested object field, kubectl style', () => {
    // WHEN explaining spec.networks.ipConfig with the kind in front THEN header, field, description, fields
    const out = explain('virtualmachineprofile.spec.networks.ipConfig');
    expect(out).toBe([
      'GROUP:      vm.example.com',
      'KIND:       VirtualMachineProfile',
      'VERSION:    v1alpha1',
      '',
      'FIELD: ipConfig <Object>',
      '',
      'DESCRIPTION:',
      '    IP configuration inside the guest.',
      '',
      'FIELDS:',
      '  address\t<string>',
      '    Address and prefix in CIDR form, IPv4 or IPv6 (required with `static`).',
      '',
      '  addresses\t<[]string>',
      '    Extension: more static addresses in CIDR form next to `address`, e.g. the',
      '    other IP family for dual-stack (`static` only).',
      '',
      '  dnsServers\t<[]string>',
      '    DNS servers.',
      '',
      '  gateway\t<string>',
      '    Default gateway, same family as `address` and inside its subnet (`static`',
      '    only).',
      '',
      '  mode\t<string> -required-',
      '  enum: static, dhcp, dhcp6, slaac',
      '    `static` or `dhcp` (extension: `dhcp6` for DHCPv6 only, `slaac` for router',
      '    advertisements only).',
      '',
    ].join('\n'));
  });

  test('the leading resource name is optional and may be any of its names', () => {
    const expected = explain('spec.networks.ipConfig');
    for (const p of ['virtualmachineprofile.spec.networks.ipConfig', 'virtualmachineprofiles.spec.networks.ipConfig',
      'vmp.spec.networks.ipConfig', 'vmprofile.spec.networks.ipConfig', 'VirtualMachineProfile.spec.networks.ipConfig']) {
      expect(explain(p)).toBe(expected);
    }
  });

  test('the resource itself lists the top-level fields', () => {
    const out = explain('vmp');
    expect(out).not.toContain('FIELD:');
    expect(out).toContain('  spec\t<Object> -required-\n    Spec.\n');
    expect(out).toContain('  status\t<Object>');
  });

  test('lists and maps get kubectl type names; a scalar shows its enum', () => {
    expect(explain('spec.networks')).toContain('FIELD: networks <[]Object>');
    expect(explain('spec.highAvailability')).toContain('  nodeSelector\t<map[string]string>');
    expect(explain('spec.networks.type')).toContain('FIELD: type <string>\n\nENUM:\n    bridge\n    macvlan\n    sriov\n    ovs\n\nDESCRIPTION:');
    expect(explain('status.conditions')).toContain('  type\t<string> -required-');
  });

  test('--recursive prints the field tree', () => {
    const out = explain('spec.disks', { recursive: true });
    expect(out).toContain('FIELDS:\n  accessMode\t<string>\n  boot\t<boolean>\n');
    expect(out).not.toContain('Boot disk');
  });

  test('an unknown field is an error naming it', () => {
    expect(() => explain('spec.foo')).toThrow('field "foo" does not exist');
    expect(() => explain('spec.cpu.bar')).toThrow('field "bar" does not exist');
    expect(lookupField('spec.cpu').node.type).toBe('integer');
  });
});

describe('fieldReferenceMarkdown', () => {
  test('one table per object, with rules', () => {
    // WHEN generated THEN spec, each nested object and status get a section, and it is deterministic
    const md = fieldReferenceMarkdown();
    for (const h of ['### `spec`', '### `spec.networks[]`', '### `spec.networks[].ipConfig`', '### `spec.disks[]`',
      '### `spec.highAvailability.tolerations[]`', '### `status`', '### `status.conditions[]`']) {
      expect(md).toContain(`\n${h}\n`);
    }
    // cpu is required only without an instancetype: a cross-field rule, not the Required column
    expect(md).toContain('| `cpu` | `integer` | no | Virtual CPUs (an integer > 0); required, unless `instancetype` sizes the VM (then it must be absent). | >= 1 |');
    expect(md).toContain('- `cpu`: Required value: the VM needs cpu and memory unless spec.instancetype sizes it');
    expect(md).toContain('- `address`: mode "static" needs an address in CIDR form');
    expect(md).toBe(fieldReferenceMarkdown());
  });
});

describe('explain: indexes, prototype names, did-you-mean', () => {
  test('list indexes are accepted where the field is a list (before: field "networks[0]" does not exist)', () => {
    // GIVEN paths with an index or an empty index on a list field WHEN explained THEN the same as without
    const expected = explain('spec.networks.vlanId');
    expect(explain('spec.networks[0].vlanId')).toBe(expected);
    expect(explain('vmp.spec.networks[12].vlanId')).toBe(expected);
    expect(explain('spec.networks[].vlanId')).toBe(expected);
    expect(explain('spec.networks[0]')).toBe(explain('spec.networks'));
  });

  test('fails: an index on a field that is not a list, or two indexes on a list of objects', () => {
    expect(() => explain('spec.cpu[0]')).toThrow('field "cpu" is not a list: [0] selects nothing');
    expect(() => explain('spec.networks[0][1]')).toThrow('field "networks" is a list of objects, not of lists: [0][1] selects nothing');
  });

  test.each(['spec.constructor', 'spec.__proto__', 'spec.toString', 'spec.hasOwnProperty', 'constructor', 'spec.networks.valueOf'])(
    'fails: %s is not a field (before: it was found on Object.prototype)', (p) => {
      expect(() => explain(p)).toThrow(/^field "[A-Za-z_]+" does not exist/);
    });

  test('a mistyped field gets a did-you-mean; a huge one costs nothing and gets none', () => {
    expect(() => explain('spec.netwroks')).toThrow('field "netwroks" does not exist; did you mean "networks"?');
    expect(() => explain('spec.CPU')).toThrow('field "CPU" does not exist; did you mean "cpu"?');
    expect(() => explain(`spec.${'x'.repeat(1_000_000)}`)).toThrow(/does not exist$/);
  });

  test('fails: a field name with a newline is escaped in the one error line', () => {
    expect(() => explain('spec.x\nWarning: forged')).toThrow('field "x\\nWarning: forged" does not exist');
  });

  test('fails: a path that is not a string (from JavaScript) is our error, not a TypeError', () => {
    expect(() => explain(null as unknown as string)).toThrow('the path to explain must be a string, got null');
  });
});

describe('vmprofile explain', () => {
  test('prints the explanation', async () => {
    const io = fakeIo();
    expect(await runExplain(['vmp.spec.cpu'], io)).toBe(0);
    expect(io.out).toBe(explain('spec.cpu'));
  });

  test('unknown field: error on stderr, exit 1', async () => {
    const io = fakeIo();
    expect(await runExplain(['vmp.spec.foo'], io)).toBe(1);
    expect(io.err).toBe('error: field "foo" does not exist\n');
  });

  test('an indexed path works from the command line', async () => {
    const io = fakeIo();
    expect(await runExplain(['spec.networks[0].vlanId'], io)).toBe(0);
    expect(io.out).toContain('FIELD: vlanId <integer>');
  });

  test('--recursive, --api-version, --help and usage errors', async () => {
    const io = fakeIo();
    expect(await runExplain(['spec', '--recursive'], io)).toBe(0);
    expect(io.out).toBe(explain('spec', { recursive: true }));
    expect(await runExplain(['spec', '--api-version', 'vm.example.com/v1'], fakeIo())).toBe(1);
    expect(await runExplain(['spec', '--api-version=vm.example.com/v1alpha1'], fakeIo())).toBe(0);
    const help = fakeIo();
    expect(await runExplain(['--help'], help)).toBe(0);
    expect(help.out).toContain('vmprofile explain TYPE[.FIELD[.FIELD...]] [options]');
    await expect(runExplain([], fakeIo())).rejects.toThrow('You must specify the type of resource to explain');
  });
});
