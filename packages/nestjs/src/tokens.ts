/**
 * Nest injection tokens of `DspyModule`. `Symbol.for` keeps them equal across duplicate installs.
 *
 * @example
 * const container = app.get<Container>(DSPY_CONTAINER);
 * // in a test, before compile():
 * Test.createTestingModule({ imports: [AppModule] }).overrideProvider(DSPY_LM).useValue(new DummyLM([...]));
 */
/** The resolved `DspyModuleOptions` (from `forRoot` or the `forRootAsync` factory). */
export const DSPY_MODULE_OPTIONS = Symbol.for('@dspy-ts/nestjs:DSPY_MODULE_OPTIONS');
/** The default language model; bound to core's `LM` token in the container. Override it in tests. */
export const DSPY_LM = Symbol.for('@dspy-ts/nestjs:DSPY_LM');
/** The root Inversify container every `forFeature` program is resolved from (through a child). */
export const DSPY_CONTAINER = Symbol.for('@dspy-ts/nestjs:DSPY_CONTAINER');
