import { DspyError } from '@dspy-ts/core';
import { createTokenizer, tokenizerState } from './tokenizer';

describe('BM25 tokenizer', () => {
  it('lowercases, folds compatibility forms and splits on anything but letters, marks and digits', () => {
    const tokenize = createTokenizer(tokenizerState());
    expect(tokenize('Hello, WORLD! e-mail x2 ﬁle ＡＢＣ')).toEqual([
      'hello',
      'world',
      'e',
      'mail',
      'x2',
      'file',
      'abc',
    ]);
  });

  it('keeps non-Latin words whole (accents, German, Cyrillic, Greek)', () => {
    const tokenize = createTokenizer(tokenizerState());
    expect(tokenize('Café MÜNCHEN Straße Привет мир Αθήνα')).toEqual([
      'café',
      'münchen',
      'straße',
      'привет',
      'мир',
      'αθήνα',
    ]);
  });

  it('treats decomposed and composed accents as the same word', () => {
    const tokenize = createTokenizer(tokenizerState());
    expect(tokenize('cafe\u0301')).toEqual(tokenize('café'));
  });

  it('drops stopwords from a named list of the stopword package', () => {
    const tokenize = createTokenizer(tokenizerState({ stopwords: 'eng' }));
    expect(tokenize('The capital of France is Paris')).toEqual(['capital', 'france', 'paris']);
  });

  it('drops a custom stopword list, normalized like the text', () => {
    const tokenize = createTokenizer(tokenizerState({ stopwords: ['ÜBER', 'und'] }));
    expect(tokenize('über Berge und Täler')).toEqual(['berge', 'täler']);
  });

  it('keeps every word by default', () => {
    expect(tokenizerState().stopwords).toEqual([]);
  });

  it('rejects an unknown stopword list with the codes to use', () => {
    expect(() => tokenizerState({ stopwords: 'english' })).toThrow(/no stopword list "english".*'eng'/);
    expect(() => tokenizerState({ stopwords: 'removeStopwords' })).toThrow(DspyError);
  });

  it('segments scripts without spaces when a locale is given', () => {
    const plain = createTokenizer(tokenizerState());
    const ja = createTokenizer(tokenizerState({ locale: 'ja' }));
    expect(plain('東京タワーに行きました')).toEqual(['東京タワーに行きました']);
    expect(ja('東京タワーに行きました')).toEqual(expect.arrayContaining(['東京タワー', 'に', '行き']));
  });

  it('rejects an invalid locale', () => {
    expect(() => tokenizerState({ locale: 'not a locale!' })).toThrow(
      /locale "not a locale!" is not a valid BCP 47 tag/,
    );
  });
});
