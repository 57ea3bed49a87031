import { DspyError, Program, type Metric } from '@dspy-ts/core';

/** How a worker builds a registered program: a `Program` subclass with a no-argument constructor, or a factory (e.g. `() => container.get(Bot)`). */
export type ProgramFactory = (new () => Program<any, any>) | (() => Program<any, any> | Promise<Program<any, any>>);

/** Builds an instance of registered program `name`, or says which names exist. */
export async function buildProgram(
  programs: Readonly<Record<string, ProgramFactory>>,
  name: string,
): Promise<Program<any, any>> {
  const factory = Object.prototype.hasOwnProperty.call(programs, name) ? programs[name] : undefined;
  if (!factory) {
    throw new DspyError(
      'QUEUE_JOB_INVALID',
      `This worker has no program named "${name}" (registered: ${Object.keys(programs).join(', ') || 'none'}). ` +
        `Add it to startWorker({ programs: { ${name}: ... } }).`,
    );
  }
  const made =
    factory.prototype instanceof Program ? new (factory as new () => Program)() : await (factory as () => Program)();
  if (!(made instanceof Program)) {
    throw new DspyError('CONFIG_INVALID', `The factory registered as "${name}" did not return a Program instance.`);
  }
  return made;
}

/** The registered metric `name`, or an error listing the names that exist. */
export function metricNamed(metrics: Readonly<Record<string, Metric>>, name: string): Metric {
  const metric = Object.prototype.hasOwnProperty.call(metrics, name) ? metrics[name] : undefined;
  if (!metric) {
    throw new DspyError(
      'QUEUE_JOB_INVALID',
      `This worker has no metric named "${name}" (registered: ${Object.keys(metrics).join(', ') || 'none'}). ` +
        `Add it to startWorker({ metrics: { ${name}: ... } }).`,
    );
  }
  return metric;
}
