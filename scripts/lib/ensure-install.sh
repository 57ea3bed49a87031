# Installs the workspace when node_modules is missing or older than the lockfile (always once in CI).
# Only `npm ci` is used, so package-lock.json is never rewritten and `git status` stays clean.
ensure_install() {
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ] || { [ -n "${CI:-}" ] && [ ! -f node_modules/.dspy-ts-installed ]; }; then
    echo "› installing dependencies (npm ci)" >&2
    if ! npm ci --no-audit --no-fund >&2; then
      if [ -n "${CI:-}" ]; then
        echo "› npm ci failed: package-lock.json does not install as committed. Run 'npm install' and commit package-lock.json." >&2
        return 1
      fi
      # A registry mirror that lacks some locked package (npm ci refuses): install what it has without
      # touching the committed lockfile, and say so.
      echo "› npm ci failed; installing with 'npm install --no-save' (package-lock.json is left as committed)" >&2
      npm install --no-save --no-audit --no-fund >&2
    fi
    touch node_modules/.dspy-ts-installed
  fi
}
