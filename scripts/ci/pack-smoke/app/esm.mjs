// An ESM user: named imports from every package and subpath, one copy of the code shared with require().
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { Predict, DspyError, withSettings, Example } from '@dspy-ts/core';
import { DummyLM } from '@dspy-ts/testing';
import { BootstrapFewShot } from '@dspy-ts/optimizers';
import { BM25Retriever } from '@dspy-ts/retrievers/bm25';
import { fetchModel } from '@dspy-ts/llama-cpp';
import { OllamaLM } from '@dspy-ts/ollama';
import { OpenAICompatibleLM } from '@dspy-ts/openai';
import { JsSandbox } from '@dspy-ts/sandbox';
import { DspyModule } from '@dspy-ts/nestjs';
import { DistributedEvaluate, startWorker } from '@dspy-ts/bullmq';
import { toolsFromMcp } from '@dspy-ts/mcp';
import { ScriptedLM } from '@dspy-ts/core/testing';
import * as providerKit from '@dspy-ts/core/provider-kit';

const require = createRequire(import.meta.url);
assert.equal(Predict, require('@dspy-ts/core').Predict, 'import and require must give the same class');
assert.equal(DummyLM, require('@dspy-ts/testing').DummyLM);
assert.equal(DistributedEvaluate, require('@dspy-ts/bullmq').DistributedEvaluate);
for (const v of [
  BootstrapFewShot,
  BM25Retriever,
  fetchModel,
  OllamaLM,
  OpenAICompatibleLM,
  JsSandbox,
  DspyModule,
  DistributedEvaluate,
  startWorker,
  toolsFromMcp,
  ScriptedLM,
  DspyError,
  Example,
])
  assert.equal(typeof v, 'function');
assert.ok(Object.keys(providerKit).length > 0, '@dspy-ts/core/provider-kit exports nothing');

const qa = new Predict('question -> answer');
const p = await withSettings({ lm: new DummyLM([{ answer: 'Paris' }]) }, () =>
  qa.call({ question: 'Capital of France?' }),
);
assert.equal(p.answer, 'Paris');
console.log('esm ok');
