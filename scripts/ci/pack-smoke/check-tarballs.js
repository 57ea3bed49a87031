// Checks every packed tarball: README.md and LICENSE present, every exports/bin target shipped, no
// specs, fixtures or test helpers, and every source map's sources shipped beside it.
'use strict';
const { execFileSync } = require('node:child_process');
const { mkdtempSync, readdirSync, readFileSync, rmSync, existsSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { dirname, join, posix } = require('node:path');

const dir = process.argv[2];
const problems = [];
for (const file of readdirSync(dir).filter((f) => f.endsWith('.tgz'))) {
  const out = mkdtempSync(join(tmpdir(), 'tarball-'));
  try {
    execFileSync('tar', ['xzf', join(dir, file), '-C', out]);
    const root = join(out, 'package');
    const files = execFileSync('tar', ['tzf', join(dir, file)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map((f) => f.replace(/^package\//, ''));
    const has = new Set(files);
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const say = (msg) => problems.push(`${pkg.name}: ${msg}`);
    for (const needed of ['README.md', 'LICENSE']) if (!has.has(needed)) say(`no ${needed}`);
    if (pkg.license !== 'MIT') say(`license is ${pkg.license}, not MIT`);
    for (const f of files) {
      if (/\.spec\.|\.fixture\.|testing-signatures|tsbuildinfo|(^|\/)test\//.test(f)) say(`ships ${f}`);
    }
    const targets = [];
    const walk = (v) => (typeof v === 'string' ? targets.push(v) : v && Object.values(v).forEach(walk));
    walk(pkg.exports);
    walk(pkg.bin);
    for (const t of targets) if (!has.has(posix.normalize(t))) say(`exports/bin target ${t} is not in the tarball`);
    if (!pkg.exports || !pkg.exports['.'] || !pkg.exports['.'].import || !pkg.exports['.'].require)
      say('exports["."] lacks import/require entries');
    for (const f of files.filter((f) => f.endsWith('.map'))) {
      const map = JSON.parse(readFileSync(join(root, f), 'utf8'));
      for (const s of map.sources ?? []) {
        const src = posix.normalize(posix.join(posix.dirname(f), map.sourceRoot ?? '', s));
        if (!has.has(src)) say(`${f} points at ${src}, which is not shipped`);
      }
    }
    console.error(`  ${file}: ${files.length} files`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
if (problems.length) {
  console.error(`check-tarballs: ${problems.length} problem(s):\n  ${problems.slice(0, 40).join('\n  ')}`);
  process.exit(1);
}
console.error('check-tarballs: ok');
