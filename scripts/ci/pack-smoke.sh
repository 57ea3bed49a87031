#!/usr/bin/env bash
# What a new user does, outside the monorepo: pack every publishable package, install the tarballs
# into scratch projects, and run a CommonJS script, an ESM script, a jest test with DummyLM through
# the DI container, compile → save → load in a fresh process, a Nest 11 app and a Nest 12 (ESM-only)
# app; type-check the TypeScript blocks of README.md and the package READMEs against the packages.
# Needs the workspace installed and the npm registry. Usage: bash scripts/ci/pack-smoke.sh [workdir]
set -euo pipefail
cd "$(dirname "$0")/../.."
repo="$PWD"
here="$repo/scripts/ci/pack-smoke"
work="${1:-$(mktemp -d "${TMPDIR:-/tmp}/dspy-ts-pack-smoke.XXXXXX")}"
[ -n "${1:-}" ] || trap 'rm -rf "$work"' EXIT
step() { printf '› pack-smoke: %s\n' "$*" >&2; }
t0=$SECONDS

step "building from clean package outputs (npm run build: tsc -b + ESM entry points)"
# tsc -b never deletes the output of a source that was removed or moved: start clean so no stale file is packed.
rm -rf packages/*/dist
npm run build --silent >&2

step "packing into $work/tarballs"
mkdir -p "$work/tarballs"
pkgs=()
for dir in packages/*/; do
  [ "$(node -p "require('./${dir}package.json').private === true")" = true ] && continue
  pkgs+=("${dir%/}")
done
for dir in "${pkgs[@]}"; do
  (cd "$dir" && npm pack --silent --pack-destination "$work/tarballs" >/dev/null)
done
node "$here/check-tarballs.js" "$work/tarballs"
tgz() { ls "$work/tarballs"/dspy-ts-"$1"-*.tgz; }

# Nest 11 project: every package (CommonJS app compiled by tsc, jest on the compiled tests).
step "installing the tarballs + Nest 11 into $work/app (npm install)"
rm -rf "$work/app" && mkdir -p "$work/app" && cp -R "$here/app/." "$work/app/"
cd "$work/app"
all_tgz=()
for f in "$work"/tarballs/*.tgz; do all_tgz+=("$f"); done
# --omit=optional: node-llama-cpp's 670 MB of GPU/CPU prebuilts are not needed here (no model is run;
# the monorepo's real-model tests run it). better-sqlite3's native build (about 2 minutes of CPU
# where no prebuilt can be downloaded) is the monorepo's own: same version, same Node, so its
# install script is denied here (app/package.json allowScripts) and the built module copied in.
npm install --no-audit --no-fund --omit=optional "${all_tgz[@]}" \
  typescript@5.9.3 jest@30.5.2 @types/jest@30.0.0 @types/node@20.19.43 reflect-metadata@0.2.2 \
  class-validator@0.15.1 inversify@7.11.0 @nestjs/common@11.2.10 @nestjs/core@11.2.10 rxjs@7.8.2 >&2
sqlite_version() { node -p "require('$1/better-sqlite3/package.json').version"; }
if [ "$(sqlite_version "$repo/node_modules")" != "$(sqlite_version "$work/app/node_modules")" ]; then
  echo "pack-smoke: better-sqlite3 differs between the monorepo and the app; allow its install script in app/package.json" >&2
  exit 1
fi
cp -R "$repo/node_modules/better-sqlite3/build" "$work/app/node_modules/better-sqlite3/"

step "type-checking and compiling the app (tsc, module node16, legacy decorators)"
node "$here/extract-readme-blocks.js" "$repo" "$work/app/readme"
npx tsc -p tsconfig.json
npx tsc -p tsconfig.readme.json
step "CommonJS script"
node cjs.cjs
step "ESM script"
node esm.mjs
step "jest test: DummyLM through the DI container"
npx jest --ci --rootDir dist 2>&1 | tail -n 6 >&2
step "compile → save (one process), load → run (a fresh process)"
node dist/src/compile.js "$work/compiled.json"
node dist/src/load.js "$work/compiled.json"
step "Nest 11 app"
node dist/src/nest-app.js

# Nest 12 project: ESM-only Nest, an ESM app (module nodenext), @dspy-ts/nestjs through require(esm).
step "installing core, testing, nestjs + Nest 12 into $work/nest12"
rm -rf "$work/nest12" && mkdir -p "$work/nest12" && cp -R "$here/nest12/." "$work/nest12/"
cd "$work/nest12"
npm install --no-audit --no-fund --omit=optional "$(tgz core)" "$(tgz testing)" "$(tgz nestjs)" \
  typescript@5.9.3 @types/node@20.19.43 reflect-metadata@0.2.2 inversify@7.11.0 \
  @nestjs/common@12.6.3 @nestjs/core@12.6.3 rxjs@7.8.2 >&2
npx tsc -p tsconfig.json
step "Nest 12 app"
node dist/main.mjs

step "all passed in $((SECONDS - t0)) s"
