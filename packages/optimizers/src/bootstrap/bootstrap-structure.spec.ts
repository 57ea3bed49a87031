import { configure, Example, resetSettings } from '@dspy-ts/core';
import { Pipeline, qa, SimpleModule } from '../../test/helpers/programs';
import { fieldOf, ScriptedLM } from '@dspy-ts/core/testing';
import { BootstrapFewShot } from './bootstrap-few-shot';

afterEach(() => resetSettings());

const answerOf = (e: Example<any>, p: { answer?: unknown }) => e.answer === p.answer;
const train = qa(Array.from({ length: 12 }, (_, i) => [`q${i}`, `a${i}`] as [string, string]));

/** Answers the checker with the right answer for questions whose number is a multiple of 3. */
function pipelineLm() {
  return new ScriptedLM((user) => {
    const n = Number(fieldOf(user, 'question').slice(1));
    if (user.includes('[[ ## draft ## ]]')) return { answer: n % 3 === 0 ? `a${n}` : 'wrong' };
    return { reasoning: `thinking about q${n}`, answer: `draft${n}` };
  });
}

describe('BootstrapFewShot on nested programs', () => {
  it('walks a nested @Module through namedPredictors and gives every predictor its own traces', async () => {
    configure({ lm: pipelineLm() });
    const student = new Pipeline();
    const { program, report } = await new BootstrapFewShot({
      metric: answerOf,
      maxBootstrappedDemos: 2,
      maxLabeledDemos: 2,
    }).compile(student, { trainset: train });

    expect(program.namedPredictors().map(([n]) => n)).toEqual(['draft.think.predict', 'check']);
    const [think, check] = program.predictors();
    expect(think!.demos.slice(0, 2).map((d) => [d.augmented, d.question, d.reasoning, d.answer])).toEqual([
      [true, 'q0', 'thinking about q0', 'draft0'],
      [true, 'q3', 'thinking about q3', 'draft3'],
    ]);
    expect(check!.demos.slice(0, 2).map((d) => [d.question, d.draft, d.answer])).toEqual([
      ['q0', 'draft0', 'a0'],
      ['q3', 'draft3', 'a3'],
    ]);
    expect(report.bootstrap).toMatchObject({ attempts: 4, bootstrapped: 2 });
    expect(student.predictors().every((p) => p.demos.length === 0)).toBe(true);
  });

  it('runs teacher examples in parallel with the same result and the same LM calls as one at a time', async () => {
    const run = async (concurrency: number) => {
      const lm = pipelineLm();
      configure({ lm });
      const { program, report } = await new BootstrapFewShot({
        metric: answerOf,
        maxBootstrappedDemos: 3,
        maxLabeledDemos: 4,
        concurrency,
      }).compile(new Pipeline(), {
        trainset: train,
      });
      return { state: JSON.stringify(program.dumpState()), bootstrap: report.bootstrap, forwards: lm.forwards };
    };
    const sequential = await run(1);
    const parallel = await run(8);
    expect(parallel).toEqual(sequential);
    expect(sequential.bootstrap).toMatchObject({ attempts: 7, bootstrapped: 3 }); // q0, q3, q6 pass
  });

  it('uses the teacher’s own LM and teacherSettings for teacher runs, never the student’s', async () => {
    const studentLm = new ScriptedLM(() => ({ output: 'student' }));
    const teacherLm = new ScriptedLM(() => ({ output: 'a0' }));
    const settingsLm = new ScriptedLM(() => ({ output: 'a0' }));
    const trainset = [new Example({ input: 'q0', output: 'a0' }).withInputs('input')];
    const metric = (e: Example<any>, p: { output?: unknown }) => e.output === p.output;
    configure({ lm: studentLm });

    const teacher = new SimpleModule();
    teacher.setLm(teacherLm);
    const withTeacher = await new BootstrapFewShot({ metric, maxLabeledDemos: 1 }).compile(new SimpleModule(), {
      teacher,
      trainset,
    });
    expect(withTeacher.program.predictor.demos[0]).toMatchObject({ augmented: true, output: 'a0' });
    expect([studentLm.forwards, teacherLm.forwards]).toEqual([0, 1]);

    const viaSettings = await new BootstrapFewShot({ metric, teacherSettings: { lm: settingsLm } }).compile(
      new SimpleModule(),
      { trainset },
    );
    expect(viaSettings.program.predictor.demos[0]).toMatchObject({ augmented: true, output: 'a0' });
    expect([studentLm.forwards, settingsLm.forwards]).toEqual([0, 1]);
  });

  it('refuses a teacher with another structure, naming the difference', async () => {
    configure({ lm: pipelineLm() });
    await expect(
      new BootstrapFewShot().compile(new Pipeline(), { teacher: new SimpleModule(), trainset: train }),
    ).rejects.toThrow(/same number of predictors/);
    await expect(
      new BootstrapFewShot().compile(new SimpleModule('a -> b'), {
        teacher: new SimpleModule('a -> c'),
        trainset: train,
      }),
    ).rejects.toThrow(/same signatures/);
  });
});
