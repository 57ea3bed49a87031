import {
  evaluationReport,
  instructionDiff,
  optimizationReport,
  type EvaluationRun,
  type OptimizationRun,
} from '../src';
import { Progress } from '../src/progress';

const usage = { promptTokens: 10, completionTokens: 5, totalTokens: 15 };

const evaluation: EvaluationRun = {
  kind: 'evaluation',
  createdAt: '2026-01-01T00:00:00.000Z',
  program: 'qa.ts',
  data: 'dev.jsonl',
  metric: 'exact',
  lm: 'openai:gpt-4o-mini',
  score: 50,
  lmCalls: 2,
  tokens: usage,
  costUsd: 0.001,
  durationMs: 1200,
  rows: [
    {
      index: 0,
      inputs: { q: '<img src=x onerror=alert(1)>' },
      expected: { a: '1' },
      outputs: { a: '</td><script>alert(2)</script>' },
      score: 0,
      lmCalls: 1,
      durationMs: 5,
    },
    {
      index: 1,
      inputs: { q: 'ok' },
      expected: { a: '2' },
      error: 'LM_TIMEOUT: <b>slow</b>',
      lmCalls: 1,
      durationMs: 5,
    },
  ],
};

describe('HTML reports', () => {
  it('escape everything that came from data or a model', () => {
    const html = evaluationReport(evaluation);
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;/td&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(html).toContain('LM_TIMEOUT: &lt;b&gt;slow&lt;/b&gt;');
    expect((html.match(/<script>/g) ?? []).length).toBe(1); // only the filter script
  });

  it('reference nothing outside the file', () => {
    const run: OptimizationRun = {
      kind: 'optimization',
      createdAt: '2026-01-01T00:00:00.000Z',
      program: 'qa.ts',
      optimizer: 'BootstrapFewShotWithRandomSearch',
      metric: 'exact',
      lm: 'ollama:llama3.2',
      trainSize: 4,
      valSize: 4,
      bestScore: 75,
      bestTrial: 1,
      lmCalls: 10,
      tokens: usage,
      costUsd: 0,
      durationMs: 3000,
      trials: [
        {
          trial: 0,
          label: 'zero-shot (seed -3)',
          score: 25,
          lmCalls: 4,
          tokens: usage,
          costUsd: 0,
          durationMs: 1000,
          resumed: false,
          atMs: 1000,
        },
        {
          trial: 1,
          label: 'labeled (seed -2)',
          score: 75,
          lmCalls: 6,
          tokens: usage,
          costUsd: 0,
          durationMs: 2000,
          resumed: true,
          atMs: 3000,
        },
      ],
      phases: [{ name: 'zero-shot', lmCalls: 4, tokens: 15, costUsd: 0 }],
      original: [{ name: 'answer', instructions: 'Answer the question.', demos: [] }],
      best: [{ name: 'answer', instructions: 'Answer the question in one word.', demos: [{ q: 'a', a: 'b' }] }],
    };
    for (const html of [evaluationReport(evaluation), optimizationReport(run)]) {
      expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//);
      expect(html).toContain("default-src 'none'");
    }
    expect(optimizationReport(run)).toContain('<circle');
  });

  it('diffs instructions word by word', () => {
    expect(instructionDiff('Answer the question.', 'Answer the question in one word.')).toBe(
      '<pre>Answer the question <ins>in one word</ins>.</pre>',
    );
    expect(instructionDiff('Answer briefly.', 'Answer <carefully>.')).toBe(
      '<pre>Answer <del>briefly</del><ins>&lt;carefully&gt;</ins>.</pre>',
    );
    expect(instructionDiff('Same.', 'Same.')).toContain('unchanged');
  });
});

describe('progress output', () => {
  const sink = () => {
    const chunks: string[] = [];
    return { stream: { write: (c: string) => chunks.push(c) } as unknown as NodeJS.WritableStream, chunks };
  };

  it('prints about one plain line per 10 % and the last one', () => {
    const err = sink();
    const p = new Progress('plain', err.stream);
    for (let done = 1; done <= 20; done++) p.update({ phase: 'evaluate', done, total: 20, score: 50, lmCalls: done });
    expect(err.chunks).toHaveLength(10);
    expect(err.chunks.at(-1)).toMatch(/^evaluate 20\/20 score 50\.0 lm-calls 20 eta 0s\n$/);
  });

  it('prints JSON lines on stdout with --json', () => {
    const out = sink();
    const p = new Progress('json', sink().stream, out.stream);
    p.update({ phase: 'compile', done: 1, total: 3, score: 80, lmCalls: 7 });
    p.event('trial', { trial: 0, score: 80 });
    expect(out.chunks.map((c) => JSON.parse(c))).toEqual([
      { event: 'progress', phase: 'compile', done: 1, total: 3, score: 80, lmCalls: 7 },
      { event: 'trial', trial: 0, score: 80 },
    ]);
  });
});
