/**
 * @jest-config-loader ts-node
 * @jest-config-loader-options {"transpileOnly": true}
 */
// The reliability suite (issue 14): fault injection on both LM wires, hostile sandbox programs,
// bad HTTP inputs and a 10,000-request memory run. Not part of `npm test`: run it with
// `npm run test:reliability` (a few minutes); RELIABILITY_SCALE=big makes every part bigger.
import type { Config } from 'jest';
import { join } from 'node:path';

const root = join(__dirname, '..');

const config: Config = {
  rootDir: __dirname,
  displayName: 'reliability',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/*.reliability.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
          target: 'es2022',
        },
        module: { type: 'commonjs', ignoreDynamic: true },
        sourceMaps: 'inline',
      },
    ],
  },
  moduleNameMapper: {
    '^@dspy-ts/([^/]+)$': join(root, 'packages/$1/src'),
    '^@dspy-ts/([^/]+)/(.+)$': join(root, 'packages/$1/src/$2'),
  },
  setupFiles: [join(root, 'scripts/jest-setup.js')],
  testTimeout: 600_000,
};

export default config;
