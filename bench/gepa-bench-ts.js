// Child process of gepa-bench.ts: one dspy-ts GEPA run against the fake server; prints a JSON result.
// Plain JavaScript on the built packages (no ts-node in the process, so peak RSS is the library's).
const { configure, Example, Predict } = require('@dspy-ts/core');
const { OpenAICompatibleLM } = require('@dspy-ts/openai');
const { GEPA } = require('@dspy-ts/optimizers');

async function main() {
  const { baseURL, train, val, budget, threads, speculate } = JSON.parse(process.argv[2]);
  const lm = new OpenAICompatibleLM({
    model: 'fake',
    baseURL,
    apiKey: 'sk-bench',
    cache: false,
    retry: false,
    maxConcurrency: threads,
  });
  configure({ lm });
  const toExamples = (rows) => rows.map((r) => new Example(r).withInputs('word'));
  const metric = (gold, pred) =>
    gold.answer === pred.answer
      ? 1
      : {
          score: 0,
          feedback: `Wrong: expected '${gold.answer}', which is '${gold.word}' with its letters in reverse order.`,
        };
  const started = performance.now();
  const { program, report } = await new GEPA({
    metric,
    reflectionLm: lm,
    maxMetricCalls: budget,
    concurrency: threads,
    seed: 0,
    progress: false,
    speculate,
  }).compile(new Predict('word -> answer'), { trainset: toExamples(train), valset: toExamples(val) });
  const wallMs = performance.now() - started;
  process.stdout.write(
    `${JSON.stringify({
      wallMs,
      metricCalls: report.gepa.totalMetricCalls,
      candidates: report.gepa.candidates.length,
      bestScore: report.gepa.valAggregateScores[report.gepa.bestIndex],
      ranAhead: report.gepa.ranAhead,
      speculativeEvals: report.gepa.speculativeEvals,
      instruction: program.signature.instructions,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    })}\n`,
  );
}

void main();
