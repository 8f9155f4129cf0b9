#!/usr/bin/env bash
# The project's whole check: install what is missing, typecheck, lint, run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH"
echo "test: node $(node -v)" >&2
tsc -p . --noEmit
eslint --max-warnings=0 .
vitest run "$@"
