import { FieldError, FieldErrorType, formatFieldError, goQuote, ValidationError } from '../src/validate/field-error';

describe('formatFieldError wording', () => {
  test.each<[FieldErrorType, string]>([
    ['Required', 'spec.cpu: Required value: must be set'],
    ['Invalid', 'spec.cpu: Invalid value: 5000: must be set'],
    ['Duplicate', 'spec.cpu: Duplicate value: 5000: must be set'],
    ['NotSupported', 'spec.cpu: Unsupported value: 5000: must be set'],
    ['TooLong', 'spec.cpu: Too long: must be set'],
    ['TooMany', 'spec.cpu: Too many: 5000: must be set'],
    ['Forbidden', 'spec.cpu: Forbidden: must be set'],
  ])('%s is worded like apimachinery', (type, expected) => {
    // GIVEN an error of each type with a value and a detail WHEN formatted
    // THEN the wording is the API server's, and only Invalid/Duplicate/NotSupported/TooMany show the value
    expect(formatFieldError({ type, field: 'spec.cpu', value: 5000, detail: 'must be set' })).toBe(expected);
  });

  test('the README example line', () => {
    // GIVEN a VLAN out of range WHEN formatted THEN it reads as README shows it
    expect(formatFieldError({ type: 'Invalid', field: 'spec.networks[0].vlanId', value: 5000, detail: 'must be between 1 and 4094' }))
      .toBe('spec.networks[0].vlanId: Invalid value: 5000: must be between 1 and 4094');
  });

  test('without a detail there is no trailing colon', () => {
    // GIVEN no detail (and an empty one) WHEN formatted THEN the line ends with the value or the wording
    expect(formatFieldError({ type: 'Invalid', field: 'spec.cpu', value: 0 })).toBe('spec.cpu: Invalid value: 0');
    expect(formatFieldError({ type: 'Required', field: 'spec.memory', detail: '' })).toBe('spec.memory: Required value');
  });

  test('without a field the line has no path prefix', () => {
    // GIVEN an error of the document itself WHEN formatted THEN it starts with the wording
    expect(formatFieldError({ type: 'Forbidden', field: '', detail: 'not a VirtualMachineProfile' })).toBe('Forbidden: not a VirtualMachineProfile');
  });

  test('an undefined value is not shown, a falsy one is', () => {
    // GIVEN Invalid errors with value undefined, 0, false, "" WHEN formatted THEN only undefined is left out
    expect(formatFieldError({ type: 'Invalid', field: 'f', detail: 'd' })).toBe('f: Invalid value: d');
    expect(formatFieldError({ type: 'Invalid', field: 'f', value: 0, detail: 'd' })).toBe('f: Invalid value: 0: d');
    expect(formatFieldError({ type: 'Invalid', field: 'f', value: false, detail: 'd' })).toBe('f: Invalid value: false: d');
    expect(formatFieldError({ type: 'Invalid', field: 'f', value: '', detail: 'd' })).toBe('f: Invalid value: "": d');
  });
});

describe('value formatting', () => {
  const invalid = (value: unknown) => formatFieldError({ type: 'Invalid', field: 'f', value });

  test('strings are Go-quoted', () => {
    // GIVEN strings with quotes, backslashes and control characters WHEN formatted THEN quoted like Go's %q
    expect(invalid('8K')).toBe('f: Invalid value: "8K"');
    expect(invalid('a"b\\c')).toBe('f: Invalid value: "a\\"b\\\\c"');
    expect(invalid('tab\tnl\n')).toBe('f: Invalid value: "tab\\tnl\\n"');
    expect(invalid('\u0001\u007f')).toBe('f: Invalid value: "\\x01\\x7f"');
  });

  test('goQuote matches Go for escapes JSON words differently', () => {
    // GIVEN characters JSON escapes as \u00XX or not at all WHEN Go-quoted THEN \xXX, and \u2028 escaped
    expect(goQuote('\u001b[0m')).toBe('"\\x1b[0m"');
    expect(goQuote('\u2028')).toBe('"\\u2028"');
    expect(goQuote('\\u0041')).toBe('"\\\\u0041"');
    expect(goQuote('héllo')).toBe('"héllo"');
  });

  test('numbers and booleans are bare, null is null', () => {
    // GIVEN scalars WHEN formatted THEN printed as Go prints them
    expect(invalid(5000)).toBe('f: Invalid value: 5000');
    expect(invalid(1.5)).toBe('f: Invalid value: 1.5');
    expect(invalid(-1)).toBe('f: Invalid value: -1');
    expect(invalid(true)).toBe('f: Invalid value: true');
    expect(invalid(null)).toBe('f: Invalid value: null');
  });

  test('short objects and arrays are JSON', () => {
    // GIVEN small composites WHEN formatted THEN their JSON
    expect(invalid({ mode: 'dhcp' })).toBe('f: Invalid value: {"mode":"dhcp"}');
    expect(invalid(['a', 1])).toBe('f: Invalid value: ["a",1]');
  });

  test('long objects are cut at 80 characters', () => {
    // GIVEN objects whose JSON is exactly 80 and 81 characters WHEN formatted
    const exact = { k: 'x'.repeat(80 - '{"k":""}'.length) };
    const longer = { k: 'x'.repeat(81 - '{"k":""}'.length) };
    expect(JSON.stringify(exact)).toHaveLength(80);
    // THEN 80 is kept whole and 81 is cut to 80 characters plus "..."
    expect(invalid(exact)).toBe(`f: Invalid value: ${JSON.stringify(exact)}`);
    expect(invalid(longer)).toBe(`f: Invalid value: ${JSON.stringify(longer).slice(0, 80)}...`);
  });

  test('values JSON cannot write still format', () => {
    // GIVEN a cyclic object WHEN formatted THEN no exception, a generic description
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(invalid(cyclic)).toBe('f: Invalid value: [object Object]');
  });
});

describe('ValidationError', () => {
  const errors: FieldError[] = [
    { type: 'Invalid', field: 'spec.cpu', value: 0, detail: 'must be greater than 0' },
    { type: 'Required', field: 'spec.memory' },
  ];

  test('the message has one line per error, each with the subject', () => {
    // GIVEN two errors and a subject WHEN thrown THEN each line starts with the subject
    const e = new ValidationError(errors, 'VirtualMachineProfile/bad-vm');
    expect(e.message.split('\n')).toEqual([
      'VirtualMachineProfile/bad-vm: spec.cpu: Invalid value: 0: must be greater than 0',
      'VirtualMachineProfile/bad-vm: spec.memory: Required value',
    ]);
  });

  test('without a subject the lines are the bare errors', () => {
    // GIVEN no subject WHEN thrown THEN the lines are formatFieldError's
    expect(new ValidationError(errors).message).toBe('spec.cpu: Invalid value: 0: must be greater than 0\nspec.memory: Required value');
  });

  test('it is an Error named ValidationError that carries every error', () => {
    // GIVEN errors WHEN wrapped THEN name, instanceof and errors[] are kept
    const e = new ValidationError(errors, 's');
    expect(e).toBeInstanceOf(Error);
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.name).toBe('ValidationError');
    expect(e.errors).toEqual(errors);
  });
});
