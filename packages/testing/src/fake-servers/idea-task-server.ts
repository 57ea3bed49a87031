/**
 * FakeIdeaServer: an OpenAI-compatible fake model for instruction-optimizer tests.
 *
 * API (shared by every optimizer's e2e test):
 *   const server = await new FakeIdeaServer({ task?, proposals?, onPrompt?, latencyMs? }).start();
 *   const lm = new OpenAICompatibleLM({ model: 'fake', baseURL: server.baseURL, apiKey: 'x' });
 *   server.task.solve({ word: 'abc' })      // the gold answer ('cba' for the default task)
 *   server.stats                            // { taskCalls, taskCorrect, promptCalls, byKind }
 *   server.prompts                          // every optimizer prompt seen: { kind, inputs, outputFields, choice, reply }
 *
 * Task requests (ChatAdapter or JSONAdapter prompts whose output fields include `task.outputField`)
 * are answered correctly only when the system message's instructions match `task.idea`; otherwise
 * the "naive" answer is returned. Demos in the prompt are ignored, so no demo can teach the idea:
 * only an instruction optimizer can lift accuracy.
 *
 * Every other request is an optimizer prompt (COPRO, MIPROv2's grounded proposer, dataset
 * summaries, program descriptions, SIMBA's OfferFeedback, GEPA's reflection prompt). It is
 * classified (`PromptKind`), then answered by `onPrompt` when that returns something, else by
 * the default, a "grounded" proposer: when the prompt shows evidence of the idea (solved examples,
 * e.g. bootstrapped demos, a dataset sample, GEPA's reflective records, or text already naming
 * the idea) an instruction-producing prompt gets `task.insight` and a dataset summary mentions
 * it; without evidence it gets `proposals[h % proposals.length]`, with `h` a hash of the request
 * text and the choice index (deterministic, independent of call order and concurrency).
 * Descriptions get fixed text; GEPA's answer is fenced in a ``` block.
 */
import { createHash } from 'node:crypto';
import type { FakeChatReply } from './chat-script';
import { FakeOpenAIServer, type FakeOpenAIServerOptions } from './fake-openai-server';
import type { RecordedRequest } from './recording-server';

/** The task the fake model "performs": correct only when the instructions carry `idea`. */
export interface IdeaTask {
  /** Input field read from the last user message. */
  readonly inputField: string;
  /** Output field the program predicts. */
  readonly outputField: string;
  /** The idea an instruction must contain for the model to answer correctly. */
  readonly idea: RegExp;
  /** The correct answer (what a metric compares against). */
  solve(inputs: Readonly<Record<string, string>>): string;
  /** What the model answers when the instructions lack the idea. */
  naive(inputs: Readonly<Record<string, string>>): string;
  /** An instruction carrying the idea: what a grounded proposer writes once it sees evidence. */
  readonly insight: string;
  /** Whether an optimizer prompt shows evidence of the idea (solved examples); `idea` matches count too. */
  hasEvidence(text: string): boolean;
}

/** Which kind of optimizer prompt a request is. */
export type PromptKind =
  | 'copro-basic'
  | 'copro-attempts'
  | 'mipro-instruction'
  | 'dataset-summary'
  | 'dataset-summary-refine'
  | 'program-description'
  | 'module-description'
  | 'simba-feedback'
  | 'gepa-reflection'
  | 'other';

/** One optimizer prompt as the server understood it. */
export interface PromptContext {
  readonly kind: PromptKind;
  /** Input field values (`[[ ## name ## ]]` sections of the last user message). */
  readonly inputs: Readonly<Record<string, string>>;
  /** Output field names asked for (empty for GEPA's free-text reflection prompt). */
  readonly outputFields: readonly string[];
  /** The instructions of the system message (the `objective`), '' when none. */
  readonly instructions: string;
  /** Index of the choice within an `n > 1` request. */
  readonly choice: number;
  readonly temperature?: number;
  readonly request: RecordedRequest;
}

/** A scripted answer: output field values, or raw reply text (used as is). */
export type PromptAnswer = Readonly<Record<string, string>> | string;

/**
 * Options of `FakeIdeaServer`: the task, the instructions its default proposer picks from, and custom answers to optimizer prompts.
 *
 * @example
 * const server = await new FakeIdeaServer({ proposals: ['Answer.', 'Reverse the letters of the word.'] }).start();
 */
export interface FakeIdeaServerOptions extends FakeOpenAIServerOptions {
  /** Default: reverse the `word` (idea /\breverse/i); naive answer: the word unchanged. */
  readonly task?: IdeaTask;
  /** Instructions the default proposer picks from. Default: two without the idea, one with it. */
  readonly proposals?: readonly string[];
  /** Answers optimizer prompts; return `undefined` to fall back to the default. */
  readonly onPrompt?: (prompt: PromptContext) => PromptAnswer | undefined;
}

export interface IdeaServerStats {
  taskCalls: number;
  /** Task calls answered correctly (instructions carried the idea). */
  taskCorrect: number;
  /** Optimizer prompt requests (an `n > 1` request counts once). */
  promptCalls: number;
  byKind: Partial<Record<PromptKind, number>>;
}

/**
 * The default task: reverse the letters of `word`.
 *
 * @example
 * const server = await new FakeIdeaServer({ task: REVERSE_WORD_TASK }).start(); // the default task
 */
export const REVERSE_WORD_TASK: IdeaTask = {
  inputField: 'word',
  outputField: 'answer',
  idea: /\brevers/i,
  solve: (inputs) => [...String(inputs.word ?? '')].reverse().join(''),
  naive: (inputs) => String(inputs.word ?? ''),
  insight: 'Reverse the letters of the word and answer with the reversed word.',
  hasEvidence: (text) => {
    const words = new Set(text.toLowerCase().match(/[a-z]{4,}/g) ?? []);
    return [...words].some((w) => {
      const r = [...w].reverse().join('');
      return r !== w && words.has(r);
    });
  },
};

/**
 * Instructions the default proposer picks from: two without the task's idea, one with it.
 *
 * @example
 * const server = await new FakeIdeaServer({ proposals: [...DEFAULT_PROPOSALS, 'Reverse the letters of the word.'] }).start();
 */
export const DEFAULT_PROPOSALS: readonly string[] = [
  'Read the word carefully and give the answer.',
  'Answer with a single word, without any explanation.',
  'Reverse the letters of the word and answer with the reversed word.',
];

/**
 * @example
 * const server = await new FakeIdeaServer().start();
 * const lm = new OpenAICompatibleLM({ model: 'fake', baseURL: server.baseURL, apiKey: 'k' });
 * // a program `word -> answer` scores ~0 until its instructions say "reverse"
 * await server.close();
 */
export class FakeIdeaServer extends FakeOpenAIServer {
  readonly task: IdeaTask;
  proposals: readonly string[];
  onPrompt?: (prompt: PromptContext) => PromptAnswer | undefined;
  readonly stats: IdeaServerStats = { taskCalls: 0, taskCorrect: 0, promptCalls: 0, byKind: {} };
  /** Every optimizer prompt answered, in arrival order. */
  readonly prompts: (PromptContext & { reply: string })[] = [];
  private readonly choices = new WeakMap<RecordedRequest, number>();

  constructor(options: FakeIdeaServerOptions = {}) {
    super(options);
    this.task = options.task ?? REVERSE_WORD_TASK;
    this.proposals = options.proposals ?? DEFAULT_PROPOSALS;
    this.onPrompt = options.onPrompt;
    this.script.respondWith((request) => this.answer(request));
  }

  /**
   * The reply text for a chat-completions body, without HTTP (an in-process LM for unit tests can
   * call it; `start()` is not needed).
   */
  respond(body: any, choice = 0): string {
    const request: RecordedRequest = {
      method: 'POST',
      path: `${this.basePath}/chat/completions`,
      headers: {},
      body,
      rawBody: '',
      receivedAt: Date.now(),
    };
    return this.reply(request, choice).content ?? '';
  }

  private answer(request: RecordedRequest): FakeChatReply {
    const choice = this.choices.get(request) ?? 0;
    this.choices.set(request, choice + 1);
    return this.reply(request, choice);
  }

  private reply(request: RecordedRequest, choice: number): FakeChatReply {
    const parsed = parseChatRequest(request.body);
    const json = request.body?.response_format !== undefined;
    if (parsed.outputFields.includes(this.task.outputField)) {
      this.stats.taskCalls++;
      const correct = this.task.idea.test(parsed.instructions);
      if (correct) this.stats.taskCorrect++;
      const value = correct ? this.task.solve(parsed.inputs) : this.task.naive(parsed.inputs);
      const fields = Object.fromEntries(
        parsed.outputFields.map((f) => [
          f,
          f === this.task.outputField ? value : f === 'reasoning' ? 'Let me think step by step.' : '',
        ]),
      );
      return { content: renderFields(fields, json) };
    }
    const kind = classify(parsed);
    const context: PromptContext = {
      kind,
      inputs: parsed.inputs,
      outputFields: parsed.outputFields,
      instructions: parsed.instructions,
      choice,
      temperature: typeof request.body?.temperature === 'number' ? request.body.temperature : undefined,
      request,
    };
    if (choice === 0) {
      // counted per HTTP request (an `n > 1` request asks for several choices at once)
      this.stats.promptCalls++;
      this.stats.byKind[kind] = (this.stats.byKind[kind] ?? 0) + 1;
    }
    const scripted = this.onPrompt?.(context);
    const answer = scripted ?? this.defaultAnswer(context, parsed.text);
    const reply =
      typeof answer === 'string'
        ? answer
        : renderFields(
            Object.fromEntries(parsed.outputFields.map((f) => [f, answer[f] ?? ''])),
            json && parsed.outputFields.length > 0,
          );
    this.prompts.push({ ...context, reply });
    return { content: reply };
  }

  private defaultAnswer(prompt: PromptContext, text: string): PromptAnswer {
    const evidence = this.task.hasEvidence(text) || this.task.idea.test(text.replace(prompt.instructions, ''));
    const pick = () => {
      if (evidence) return this.task.insight;
      const digest = createHash('sha256').update(`${prompt.choice}\u0000${text}`).digest();
      return this.proposals[digest.readUInt32BE(0) % this.proposals.length] ?? '';
    };
    const fill = (values: Record<string, string>) =>
      Object.fromEntries(prompt.outputFields.map((f) => [f, values[f] ?? (f === 'reasoning' ? 'Considering.' : '')]));
    switch (prompt.kind) {
      case 'gepa-reflection':
        return `Here is the improved instruction.\n\`\`\`\n${pick()}\n\`\`\``;
      case 'dataset-summary':
      case 'dataset-summary-refine':
        return fill({
          observations: `Each example maps one word to one answer word.${evidence ? ` ${this.task.insight}` : ''}`,
          summary: `Single words, each paired with an answer word.${evidence ? ` ${this.task.insight}` : ''}`,
        });
      case 'program-description':
        return fill({ program_description: 'The program answers a question about a word in one step.' });
      case 'module-description':
        return fill({ module_description: 'This module produces the answer from the word.' });
      case 'simba-feedback':
        return fill({ discussion: 'The better trajectory followed the task.', module_advice: '{}' });
      default:
        return fill({
          proposed_instruction: pick(),
          proposed_prefix_for_output_field: `${capitalize(this.task.outputField)}:`,
        });
    }
  }
}

interface ParsedChat {
  readonly instructions: string;
  readonly outputFields: string[];
  readonly inputs: Record<string, string>;
  /** All message texts joined (hash input for the default proposer). */
  readonly text: string;
}

/**
 * Reads a ChatAdapter/JSONAdapter prompt: instructions, output field names, last user inputs.
 *
 * @example
 * parseChatRequest(JSON.parse(request.body)); // { instructions, outputFields: ['answer'], inputs: { word: 'stop' }, text }
 */
export function parseChatRequest(body: any): ParsedChat {
  const messages: any[] = Array.isArray(body?.messages) ? body.messages : [];
  const textOf = (m: any): string =>
    typeof m?.content === 'string'
      ? m.content
      : Array.isArray(m?.content)
        ? m.content.map((p: any) => p.text ?? '').join('')
        : '';
  const system = textOf(messages.find((m) => m.role === 'system'));
  const outputs = /Your output fields are:\n([\s\S]*?)\n(?:All interactions|$)/.exec(system)?.[1] ?? '';
  const outputFields = [...outputs.matchAll(/^\d+\. `([^`]+)`/gm)].map((m) => m[1]!);
  const objective = /your objective is: ?\n([\s\S]*)$/.exec(system)?.[1] ?? '';
  const instructions = objective
    .split('\n')
    .map((l) => l.replace(/^ {8}/, ''))
    .join('\n')
    .trim();
  const lastUser = textOf([...messages].reverse().find((m) => m.role === 'user'));
  const inputs: Record<string, string> = {};
  const re = /\[\[ ## (\w+) ## \]\]\n([\s\S]*?)(?=\n\n\[\[ ## |\n\nRespond with|$)/g;
  for (const m of lastUser.matchAll(re)) inputs[m[1]!] = m[2]!;
  return { instructions, outputFields, inputs, text: messages.map(textOf).join('\n') };
}

function classify(p: ParsedChat): PromptKind {
  const out = new Set(p.outputFields);
  if (p.outputFields.length === 0 && /I provided an assistant with the following instructions/.test(p.text))
    return 'gepa-reflection';
  if (out.has('proposed_instruction')) {
    if ('attempted_instructions' in p.inputs) return 'copro-attempts';
    if ('basic_instruction' in p.inputs && out.has('proposed_prefix_for_output_field')) return 'copro-basic';
    return 'mipro-instruction';
  }
  if (out.has('module_advice')) return 'simba-feedback';
  if (out.has('program_description')) return 'program-description';
  if (out.has('module_description')) return 'module-description';
  if (out.has('summary')) return 'dataset-summary';
  if (out.has('observations')) return 'prior_observations' in p.inputs ? 'dataset-summary-refine' : 'dataset-summary';
  return 'other';
}

function renderFields(fields: Record<string, string>, json: boolean): string {
  if (json) return JSON.stringify(fields);
  const parts = Object.entries(fields).map(([name, value]) => `[[ ## ${name} ## ]]\n${value}`);
  return `${parts.join('\n\n')}\n\n[[ ## completed ## ]]`;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
