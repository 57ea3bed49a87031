# Installs the workspace when node_modules is missing or older than the lockfile (always once in CI).
ensure_install() {
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ] || { [ -n "${CI:-}" ] && [ ! -f node_modules/.dspy-ts-installed ]; }; then
    echo "› installing dependencies (npm ci)" >&2
    if ! npm ci --no-audit --no-fund >&2; then
      # npm ci refuses a lockfile that lacks other platforms' optional packages (e.g. @swc/core-darwin-*),
      # which happens when the registry mirror does not serve them; npm install keeps the locked versions.
      echo "› npm ci refused the lockfile; installing the locked versions with npm install" >&2
      npm install --no-audit --no-fund >&2
    fi
    touch node_modules/.dspy-ts-installed
  fi
}
