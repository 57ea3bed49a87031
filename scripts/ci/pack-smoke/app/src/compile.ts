import 'reflect-metadata';
import { Example, Predict, type Prediction, withSettings } from '@dspy-ts/core';
import { BootstrapFewShot } from '@dspy-ts/optimizers';
import { DummyLM } from '@dspy-ts/testing';

/** Compiles a Predict with BootstrapFewShot on a DummyLM and saves it to argv[2]. */
async function main(file: string): Promise<void> {
  const trainset = [
    new Example({ question: 'Capital of France?', answer: 'Paris' }).withInputs('question'),
    new Example({ question: 'Capital of Italy?', answer: 'Rome' }).withInputs('question'),
  ];
  // The natural metric type, no cast: (example: Example, pred: Prediction) => boolean.
  const metric = (example: Example, pred: Prediction) => example.answer === pred.answer;
  const lm = new DummyLM([{ answer: 'Paris' }, { answer: 'Rome' }]);
  const { program } = await withSettings({ lm }, () =>
    new BootstrapFewShot({ metric, maxBootstrappedDemos: 2 }).compile(new Predict('question -> answer'), { trainset }),
  );
  if (program.demos.length !== 2) throw new Error(`expected 2 demos, got ${program.demos.length}`);
  await program.save(file);
  console.log(`compiled: ${program.demos.length} demos saved to ${file}`);
}

main(process.argv[2]!).catch((err) => {
  console.error(err);
  process.exit(1);
});
