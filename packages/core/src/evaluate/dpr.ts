/**
 * The answer-in-passage check of DPR (Facebook Research), as DSPy's `dspy/dsp/utils/dpr.py` uses it
 * for `answerPassageMatch`: a simple Unicode tokenizer and a token-window search.
 */

// Runs of letters/digits/marks, or any single char that is not a separator or control (DPR's SimpleTokenizer).
const TOKEN = /[\p{L}\p{N}\p{M}]+|[^\p{Z}\p{C}]/gu;

/**
 * Lower-cased tokens of `text` after NFD normalization (DSPy's `DPR_normalize`).
 *
 * @example
 * dprNormalize("Eiffel-Tower's"); // ['eiffel', '-', 'tower', "'", 's']
 */
export function dprNormalize(text: string): string[] {
  return (text.normalize('NFD').match(TOKEN) ?? []).map((t) => t.toLowerCase());
}

/**
 * True when the tokens of any answer occur, contiguously, among the tokens of `text`.
 *
 * @example
 * hasAnswer([dprNormalize('eiffel tower')], 'the eiffel tower is tall'); // true
 */
export function hasAnswer(tokenizedAnswers: readonly (readonly string[])[], text: string): boolean {
  const words = dprNormalize(text);
  return tokenizedAnswers.some((answer) => {
    for (let i = 0; i + answer.length <= words.length; i++) {
      if (answer.every((tok, j) => words[i + j] === tok)) return true;
    }
    return false;
  });
}
