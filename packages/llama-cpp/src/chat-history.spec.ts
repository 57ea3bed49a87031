import { DspyError } from '@dspy-ts/core';
import { toChatHistory } from './chat-history';

describe('toChatHistory', () => {
  it('maps roles and appends the model turn to generate', () => {
    expect(
      toChatHistory([
        { role: 'system', content: 'S' },
        { role: 'user', content: [{ type: 'text', text: 'U' }] },
        { role: 'assistant', content: 'A' },
        { role: 'tool', content: '42', name: 'calc' },
      ]),
    ).toEqual([
      { type: 'system', text: 'S' },
      { type: 'user', text: 'U' },
      { type: 'model', response: ['A'] },
      { type: 'user', text: 'Tool result (calc):\n42' },
      { type: 'model', response: [] },
    ]);
  });

  it('continues a trailing assistant message instead of starting a new turn', () => {
    expect(
      toChatHistory([
        { role: 'user', content: 'U' },
        { role: 'assistant', content: 'The answer is' },
      ]),
    ).toEqual([
      { type: 'user', text: 'U' },
      { type: 'model', response: ['The answer is'] },
    ]);
  });

  it('refuses images with NOT_SUPPORTED', () => {
    let err: unknown;
    try {
      toChatHistory([{ role: 'user', content: [{ type: 'image', url: 'https://example.com/a.png' }] }]);
    } catch (e) {
      err = e;
    }
    expect(DspyError.is(err, 'NOT_SUPPORTED')).toBe(true);
  });
});
