import 'reflect-metadata';
import { Predict, withSettings } from '@dspy-ts/core';
import { DummyLM } from '@dspy-ts/testing';

/** A fresh process: loads the compiled program from argv[2] and runs it. */
async function main(file: string): Promise<void> {
  const program = await new Predict('question -> answer').load(file);
  if (program.demos.length !== 2) throw new Error(`expected 2 demos after load, got ${program.demos.length}`);
  const lm = new DummyLM([], { followExamples: true });
  const p = await withSettings({ lm }, () => program.call({ question: 'Capital of Italy?' }));
  if (p.answer !== 'Rome') throw new Error(`expected Rome from the loaded demos, got ${String(p.answer)}`);
  console.log(`loaded: ${program.demos.length} demos; answer ${String(p.answer)}`);
}

main(process.argv[2]!).catch((err) => {
  console.error(err);
  process.exit(1);
});
