import { Example, Predict } from '@dspy-ts/core';
import { OpenAICompatibleLM } from '@dspy-ts/openai';
import type { FakeIdeaServer } from '@dspy-ts/testing';

const WORDS = [
  'apple',
  'banana',
  'cherry',
  'dragon',
  'eagle',
  'forest',
  'garden',
  'harbor',
  'island',
  'jungle',
  'kettle',
  'lemon',
  'mirror',
  'nickel',
  'orange',
  'pepper',
  'quartz',
  'rocket',
  'silver',
  'tunnel',
  'umbrella',
  'violet',
  'walnut',
  'yellow',
  'zipper',
  'anchor',
  'basket',
  'candle',
  'dinner',
  'engine',
  'falcon',
  'ginger',
  'hammer',
  'insect',
  'jacket',
  'kitten',
  'ladder',
  'magnet',
  'needle',
  'oyster',
  'planet',
  'rabbit',
  'saddle',
  'tomato',
  'velvet',
  'window',
  'bridge',
  'castle',
  'desert',
  'feather',
];

/** `{ word, answer }` examples where the answer is the reversed word (what FakeIdeaServer's default task wants). */
export function reverseExamples(from: number, count: number): Example<{ word: string; answer: string }>[] {
  return Array.from({ length: count }, (_, i) => {
    const word = WORDS[(from + i) % WORDS.length]! + (from + i >= WORDS.length ? String(from + i) : '');
    return new Example({ word, answer: [...word].reverse().join('') }).withInputs('word');
  });
}

export const exactAnswer = (e: Example<any>, p: { answer?: string }) => e.answer === p.answer;

export function fakeLm(server: FakeIdeaServer, maxConcurrency = 8): OpenAICompatibleLM {
  return new OpenAICompatibleLM({
    model: 'fake',
    baseURL: server.baseURL,
    apiKey: 'sk-test',
    cache: false,
    maxConcurrency,
    retry: false,
  });
}

export const wordProgram = () => new Predict('word -> answer');
