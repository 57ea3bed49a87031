// Writes every ```ts block of README.md and packages/*/README.md to <out>/<readme>-<n>.mts for tsc.
// A block is a module of its own (ESM, so top-level await works). Fragments get what they assume
// from an HTML comment right above the fence, shown on GitHub as nothing:
//   <!-- ts-prelude: import { Predict } from '@dspy-ts/core'; declare const lm: LanguageModel; -->
'use strict';
const { mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync, rmSync } = require('node:fs');
const { join, relative } = require('node:path');

const [repo, out] = process.argv.slice(2);
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const readmes = [join(repo, 'README.md')];
for (const d of readdirSync(join(repo, 'packages'))) {
  const f = join(repo, 'packages', d, 'README.md');
  if (existsSync(f)) readmes.push(f);
}
let count = 0;
for (const file of readmes) {
  const text = readFileSync(file, 'utf8');
  const name = relative(repo, file)
    .replace(/\/README\.md$|\.md$/, '')
    .replace(/[^\w]+/g, '-');
  const re = /(?:<!--\s*ts-prelude:([\s\S]*?)-->\s*\n)?```ts\n([\s\S]*?)```/g;
  let m;
  let n = 0;
  while ((m = re.exec(text))) {
    n++;
    const line = text.slice(0, m.index).split('\n').length;
    const prelude = (m[1] ?? '').trim();
    writeFileSync(
      join(out, `${name}-${n}.mts`),
      `// ${relative(repo, file)}, block ${n} (line ${line})\n${prelude ? `${prelude}\n` : ''}${m[2]}\nexport {};\n`,
    );
    count++;
  }
}
console.error(`extract-readme-blocks: ${count} TypeScript blocks from ${readmes.length} READMEs`);
