// Explicit export list: what is not here is internal.
export { DspyModule } from './dspy.module';
export type { DspyRootOptions, DspyRootAsyncOptions } from './dspy.module-definition';
export type { DspyModuleOptions, DspyModuleExtras, LmResolver } from './dspy-module-options';
export { DSPY_CONTAINER, DSPY_LM, DSPY_MODULE_OPTIONS } from './tokens';
export type { Collaborator, DspyFeatureOptions, ProgramClass, ProgramFeature } from './feature/feature-options';
export { DspyContextInterceptor } from './request/dspy-context.interceptor';
export { currentTraceId, pickTraceId, requestTraceId, TRACE_ID_TAG } from './request/trace-id';
export { DspyHealthIndicator } from './health/dspy-health.indicator';
export type { DspyHealthResult } from './health/dspy-health.indicator';
export { DspyExceptionFilter } from './errors/dspy-exception.filter';
export { clientErrorOf, toHttpError, rawLmText } from './errors/http-mapping';
export { logDspyFailure, logOtherFailure } from './errors/log-failure';
export type { DspyHttpError } from './errors/http-mapping';
export { nestLogger } from './observability/nest-logger';
export { SERVICE_HISTORY_LIMITS, applyServiceHistoryLimits } from './lm/service-history';
