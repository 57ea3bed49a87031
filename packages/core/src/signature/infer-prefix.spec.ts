import { inferPrefix } from './infer-prefix';

describe('inferPrefix (DSPy test_infer_prefix)', () => {
  it.each([
    ['someAttributeName42IsCool', 'Some Attribute Name 42 Is Cool'],
    ['version2Update', 'Version 2 Update'],
    ['modelT45Enhanced', 'Model T 45 Enhanced'],
    ['someAttributeName', 'Some Attribute Name'],
    ['some_attribute_name', 'Some Attribute Name'],
    ['URLAddress', 'URL Address'],
    ['isHTTPSecure', 'Is HTTP Secure'],
    ['isHTTPSSecure123', 'Is HTTPS Secure 123'],
  ])('%s → %s', (name, prefix) => {
    expect(inferPrefix(name)).toBe(prefix);
  });

  it('gives the default prefixes DSPy shows in saved programs', () => {
    expect(inferPrefix('question')).toBe('Question');
    expect(inferPrefix('reasoning')).toBe('Reasoning');
    expect(inferPrefix('output')).toBe('Output');
    expect(inferPrefix('input1')).toBe('Input 1');
  });

  it('lower-cases the rest of a mixed word, as Python capitalize() does', () => {
    expect(inferPrefix('text2number')).toBe('Text 2 Number');
    expect(inferPrefix('HTMLParser')).toBe('HTML Parser');
    expect(inferPrefix('camelCaseText')).toBe('Camel Case Text');
  });
});
