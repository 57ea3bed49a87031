// The fake servers live in @dspy-ts/testing (src/fake-servers); imported by path until its index exports them.
export * from '../../testing/src/fake-servers';
