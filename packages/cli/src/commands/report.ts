import { evaluationReport } from '../report/evaluation-report';
import { optimizationReport } from '../report/optimization-report';
import { readRun } from '../run-record';
import { EXIT, UsageError } from '../usage-error';
import { writeTextAtomic } from '../write-atomic';

export interface ReportFlags {
  readonly html?: string;
}

/** `dspy-ts report run.json --html report.html`. */
export async function reportCommand(runFile: string, flags: ReportFlags): Promise<number> {
  if (!flags.html) throw new UsageError('report needs an output: --html report.html.');
  const run = readRun(runFile);
  const html = run.kind === 'evaluation' ? evaluationReport(run) : optimizationReport(run);
  writeTextAtomic(flags.html, html);
  process.stdout.write(
    `Wrote ${flags.html} (${run.kind} report, ${Math.round(html.length / 1024)} KiB, self-contained)\n`,
  );
  return EXIT.ok;
}
