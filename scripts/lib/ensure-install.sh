# Installs the workspace when node_modules is missing or older than the lockfile.
ensure_install() {
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ] || [ -n "${CI:-}" -a ! -f node_modules/.dspy-ts-installed ]; then
    echo "› installing dependencies (npm ci)" >&2
    npm ci --no-audit --no-fund >&2
    touch node_modules/.dspy-ts-installed
  fi
}
