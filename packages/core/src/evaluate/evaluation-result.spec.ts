import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LmError } from '../errors/dspy-error';
import { Example } from '../primitives/example';
import { Prediction } from '../primitives/prediction';
import { toCsv } from './csv';
import { Evaluate } from './evaluate';
import { answerExactMatch } from './answer-metrics';

const history = {
  messages: [{ question: 'Previous Q', answer: 'Previous A' }],
  toJSON: () => ({ messages: [{ question: 'Previous Q', answer: 'Previous A' }] }),
};
const devset = [
  new Example({ question: 'What is 1+1?', answer: '2', history }).withInputs('question'),
  new Example({ question: 'Say "hi", please', answer: 'hi' }).withInputs('question'),
  new Example({ question: 'down', answer: 'x' }).withInputs('question'),
];
const program = async (inputs: Record<string, unknown>) => {
  if (inputs.question === 'down') throw new LmError('LM_CONNECTION', 'connection refused');
  return new Prediction({ answer: inputs.question === 'What is 1+1?' ? '2' : 'hello,\nworld' });
};

describe('EvaluationResult export', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'dspy-eval-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('serializes rows to JSON (nested toJSON values, errors as code + message) and saves atomically', async () => {
    const result = await new Evaluate({ devset, metric: answerExactMatch, progress: false }).run(program);
    const path = join(dir, 'nested', 'eval.json');
    await result.saveJson(path);
    const data = JSON.parse(await readFile(path, 'utf8'));
    expect(data).toEqual(JSON.parse(JSON.stringify(result.toJSON())));
    expect(data.score).toBe(50);
    expect(data.metric).toBe('answerExactMatch');
    expect(data.rows[0].example.history).toEqual({ messages: [{ question: 'Previous Q', answer: 'Previous A' }] });
    expect(data.rows[0].prediction).toEqual({ answer: '2' });
    expect(data.rows[2]).toMatchObject({
      score: null,
      errorKind: 'lm',
      error: { name: 'LmError', code: 'LM_CONNECTION', message: 'connection refused' },
    });
    expect(await readdir(join(dir, 'nested'))).toEqual(['eval.json']);
  });

  it('saves a flat CSV with DSPy-style merged columns', async () => {
    const result = await new Evaluate({ devset, metric: answerExactMatch, progress: false }).run(program);
    const path = join(dir, 'eval.csv');
    await result.saveCsv(path);
    const text = await readFile(path, 'utf8');
    const [header, first] = text.split('\r\n');
    expect(header).toBe('question,example_answer,history,pred_answer,answerExactMatch,error,totalTokens,durationMs');
    expect(first).toMatch(
      /^What is 1\+1\?,2,"\{""messages"":\[\{""question"":""Previous Q"",""answer"":""Previous A""\}\]\}",2,1,,0,\d+$/,
    );
    expect(text).toContain('"Say ""hi"", please",hi,,"hello,\nworld",0,');
    expect(text).toContain('down,x,,,,LM_CONNECTION: connection refused,0,');
    expect(text.trimEnd().split('\r\n')).toHaveLength(4);
    expect(await readdir(dir)).toEqual(['eval.csv']);
  });

  it('writes CSV cells as RFC 4180', () => {
    expect(
      toCsv([
        { a: 'x,y', b: 1 },
        { b: true, c: { k: [1] } },
      ]),
    ).toBe('a,b,c\r\n"x,y",1,\r\n,true,"{""k"":[1]}"\r\n');
  });
});
