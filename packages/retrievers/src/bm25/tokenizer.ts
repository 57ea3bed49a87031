import { DspyError } from '@dspy-ts/core';
import * as stopwordLists from 'stopword';

/**
 * How BM25 splits text into terms. Saved with the index so a reloaded index tokenizes queries
 * exactly as it tokenized documents.
 *
 * @example
 * const opts: TokenizerOptions = { stopwords: 'eng' };               // English stopword list
 * const cjk: TokenizerOptions = { locale: 'ja' };                    // word segmentation via Intl.Segmenter
 */
export interface TokenizerOptions {
  /**
   * Words to drop: an ISO 639-3 code of a list from the `stopword` package (`'eng'`, `'deu'`,
   * `'fra'`, ... 60+ languages), your own list, or `false` (default: keep every word; BM25's IDF
   * already discounts common words).
   */
  readonly stopwords?: string | readonly string[] | false;
  /**
   * Segment words with `Intl.Segmenter` for this locale instead of splitting on non-letters.
   * Needed for scripts written without spaces (Chinese, Japanese, Thai); about 10x slower.
   */
  readonly locale?: string;
}

/** The tokenizer settings as stored in an index file (stopwords resolved to the actual list). */
export interface TokenizerState {
  readonly stopwords: readonly string[];
  readonly locale?: string;
}

// Letters, combining marks and digits of every script; everything else separates words.
const WORD = /[\p{L}\p{M}\p{N}]+/gu;

/** Resolves user options into the state that is saved and used. */
export function tokenizerState(options: TokenizerOptions = {}): TokenizerState {
  const { stopwords = false, locale } = options;
  let list: readonly string[] = [];
  if (typeof stopwords === 'string') {
    const found = (stopwordLists as unknown as Record<string, unknown>)[stopwords];
    if (!Array.isArray(found)) {
      throw new DspyError(
        'CONFIG_INVALID',
        `BM25Retriever: no stopword list "${stopwords}". Use an ISO 639-3 code such as 'eng', 'deu', 'fra', 'spa', or pass your own array of words.`,
      );
    }
    list = found as string[];
  } else if (Array.isArray(stopwords)) {
    list = stopwords;
  }
  if (locale !== undefined) {
    try {
      new Intl.Segmenter(locale, { granularity: 'word' });
    } catch (err) {
      throw new DspyError('CONFIG_INVALID', `BM25Retriever: locale "${locale}" is not a valid BCP 47 tag.`, {
        cause: err,
      });
    }
  }
  // Normalize the list the same way as text so 'Über' in a list matches 'über' in a document.
  const normalized = [...new Set(list.map((w) => normalizeText(w)).filter((w) => w !== ''))].sort();
  return locale === undefined ? { stopwords: normalized } : { stopwords: normalized, locale };
}

/** NFKC folds compatibility forms (ﬁ → fi, full-width → ASCII); then locale-independent lowercase. */
function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/**
 * Builds the tokenize function: normalize, lowercase, split into Unicode words, drop stopwords.
 *
 * @example
 * createTokenizer(tokenizerState({ stopwords: 'eng' }))('The Café is open'); // ['café', 'open']
 */
export function createTokenizer(state: TokenizerState): (text: string) => string[] {
  const stop = new Set(state.stopwords);
  const segmenter = state.locale === undefined ? undefined : new Intl.Segmenter(state.locale, { granularity: 'word' });
  return (text: string): string[] => {
    const normalized = normalizeText(text);
    let words: string[];
    if (segmenter) {
      words = [];
      for (const s of segmenter.segment(normalized)) if (s.isWordLike) words.push(s.segment);
    } else {
      words = normalized.match(WORD) ?? [];
    }
    return stop.size === 0 ? words : words.filter((w) => !stop.has(w));
  };
}
