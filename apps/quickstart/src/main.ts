import 'reflect-metadata';
import { chooseLm } from './choose-lm';
import { runQuickstart } from './quickstart';

runQuickstart(chooseLm()).then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
