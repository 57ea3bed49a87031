// Every test file gets decorator metadata support, as a user's entry point would.
require('reflect-metadata');
// Tests never write into the user's real cache directory.
process.env.DSPY_TS_CACHE_DIR =
  process.env.DSPY_TS_CACHE_DIR ||
  require('node:path').join(require('node:os').tmpdir(), `dspy-ts-test-cache-${process.pid}`);
