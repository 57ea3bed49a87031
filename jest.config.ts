/**
 * @jest-config-loader ts-node
 * @jest-config-loader-options {"transpileOnly": true}
 */
import type { Config } from 'jest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

// One jest project per workspace folder, discovered so a new package needs no config edit.
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
  },
  // keep `import()` native: node-llama-cpp is ESM-only with top-level await
  module: { type: 'commonjs', ignoreDynamic: true },
  sourceMaps: 'inline',
};

function projectsUnder(folder: string): Config['projects'] {
  const root = join(__dirname, folder);
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, d.name, 'package.json')))
    .map((d) => ({
      displayName: `${folder}/${d.name}`,
      rootDir: join(root, d.name),
      testEnvironment: 'node',
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
      transform: { '^.+\\.ts$': ['@swc/jest', swc] },
      moduleNameMapper: {
        '^@dspy-ts/([^/]+)$': join(__dirname, 'packages/$1/src'),
        '^@dspy-ts/([^/]+)/(.+)$': join(__dirname, 'packages/$1/src/$2'),
      },
      setupFiles: [join(__dirname, 'scripts/jest-setup.js')],
    }));
}

const config: Config = {
  projects: [...(projectsUnder('packages') ?? []), ...(projectsUnder('apps') ?? [])],
  testTimeout: 30_000,
};

export default config;
