// Property names the container fills on `@Module` programs. Prefixed so they never clash with user fields.
export const INJECTED_LM = 'dspy_injectedLm';
export const INJECTED_ADAPTER = 'dspy_injectedAdapter';
export const INJECTED_CALLBACKS = 'dspy_injectedCallbacks';
