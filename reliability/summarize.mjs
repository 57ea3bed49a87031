// Joins bench/results/reliability.<part>.json into bench/results/reliability.md.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'bench', 'results');
const read = (part) => {
  const file = join(dir, `reliability.${part}.json`);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
};
const lm = read('lm-faults');
const sandbox = read('sandbox');
const service = read('service');
const any = lm ?? sandbox ?? service;
if (!any) {
  console.error('no reliability results found in bench/results/');
  process.exit(1);
}
const m = any.machine;
const out = [
  '# Reliability suite (issue 14)',
  '',
  `\`npm run test:reliability\` (scale: ${any.scale}), ${any.date.slice(0, 10)}, Node ${m.node}, ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB (shared with other work).`,
  '',
];
if (lm) {
  out.push(
    `## LM clients under injected faults (${lm.faultRate * 100}% of requests; ${lm.retry})`,
    '',
    '| wire | rows | requests | faults injected | rows lost | duplicated | mis-attributed | wall |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const [wire, f] of [
    ['Ollama (`ollama` client)', lm.ollama],
    ['OpenAI-compatible (fetch)', lm.openai],
  ]) {
    const codes = Object.entries(f.rowsLostByCode)
      .map(([c, n]) => `${n} ${c}`)
      .join(', ');
    out.push(
      `| ${wire} | ${f.rows} | ${f.requests} | ${f.faultsInjected} | ${f.rowsLost}${codes ? ` (${codes})` : ''} | ${f.rowsDuplicated} | ${f.rowsMisattributed} | ${(f.wallMs / 1000).toFixed(1)} s |`,
    );
  }
  const kinds = {};
  for (const f of [lm.ollama, lm.openai])
    for (const [k, n] of Object.entries(f.faultsByKind)) kinds[k] = (kinds[k] ?? 0) + n;
  out.push(
    '',
    `Faults by kind (both wires): ${Object.entries(kinds)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}.`,
    `A lost row is one whose 4 attempts all drew a fault (expected ≈ 0.3⁴ ≈ 0.8%).`,
    '',
    `Secrets (URL password, Basic credentials, a custom header value, all echoed back by the faulty server): **${lm.secretOccurrences} occurrences** in ${lm.bytesScannedForSecrets.toLocaleString('en')} bytes of errors, \`inspect\` output, history, the result JSON, cache files and saved programs.`,
    '',
  );
}
if (sandbox) {
  const b = sandbox.beforeIssue14InThread;
  out.push(
    `## Sandbox: ${sandbox.runs} hostile runs (${sandbox.programs} programs, timeoutMs ${sandbox.timeoutMs}, two at a time)`,
    '',
    `- Worst event-loop block of the caller: **${sandbox.worstEventLoopBlockMs} ms** (in-thread, as before issue 14, one "${b.program}" blocked it ${b.eventLoopBlockMs} ms).`,
    `- Worst overrun past \`timeoutMs\` of a run stopped as a timeout: **${sandbox.worstOverrunPastTimeoutMs} ms** (hard kill at +100 ms).`,
    `- Longest error message returned: ${sandbox.longestErrorMessageChars} characters (cap 2,000 + marker).`,
    `- Outcomes: ${Object.entries(sandbox.outcomes)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}; unexpected: ${sandbox.runsWithUnexpectedOutcome.length}.`,
    '',
    '| program | outcome | ms |',
    '| --- | --- | ---: |',
    ...sandbox.perProgram.map((p) => `| ${p.name} | ${p.outcome} | ${p.ms} |`),
    '',
  );
}
if (service) {
  const mem = service.memory;
  out.push(
    `## support-service: ${service.mixedRequests} mixed requests (${service.badInputKinds} kinds of bad input), then ${mem.requests.toLocaleString('en')} good ones`,
    '',
    `- Bad inputs: ${service.badRequests} → **${service.bad4xx} 4xx, ${service.bad5xx} 5xx**; good: ${service.goodRequests} → ${service.good2xx} 200.`,
    `- Memory after ${mem.requests.toLocaleString('en')} requests (${mem.requestsPerSecond} req/s, ${mem.answered200} answered 200): heap ${mem.heapUsedMbBefore} → **${mem.heapUsedMbAfter} MB** after GC; RSS ${mem.rssMbBefore} → ${mem.rssMbAfter} MB; LM history ${mem.lmHistoryEntries} entries, ${Math.round(mem.lmHistoryBytes / 1024)} KiB (service default: 100 calls / 1 MB).`,
    '',
    '| input | statuses |',
    '| --- | --- |',
    ...Object.entries(service.statusByKind).map(
      ([k, s]) =>
        `| ${k} | ${Object.entries(s)
          .map(([code, n]) => `${code} ×${n}`)
          .join(', ')} |`,
    ),
    '',
  );
}
writeFileSync(join(dir, 'reliability.md'), `${out.join('\n')}\n`);
console.log(`wrote ${join(dir, 'reliability.md')}`);
