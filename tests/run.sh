#!/usr/bin/env bash
# Install everything the tests need, then run the whole suite: lint, format, types, tests.
# Usage: bash tests/run.sh [pytest arguments]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

# Debian's Chromium for the browser tests (the maps and the board pack are driven in it) and
# LibreOffice: Calc opens and saves again every kind of workbook cjgraph writes, Writer opens the
# annual report
if ! command -v chromium >/dev/null 2>&1 || ! command -v soffice >/dev/null 2>&1 \
  || ! dpkg -s libreoffice-writer-nogui >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium fonts-liberation libreoffice-calc-nogui \
    libreoffice-writer-nogui >/dev/null
fi

python=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
.venv/bin/ruff check .
.venv/bin/ruff format --check .
typecheck=$(mktemp -d)
trap 'rm -rf "$typecheck"' EXIT
.venv/bin/python -m pip install -q --disable-pip-version-check --no-deps --target "$typecheck" .
(cd "$typecheck" && "$root/.venv/bin/mypy" --config-file "$root/pyproject.toml" -p cjgraph)
# the import floors of pyproject.toml ([tool.importlinter]): no module imports from a floor above its own
(cd "$typecheck" && "$root/.venv/bin/lint-imports" --no-cache "$root/pyproject.toml")
# the real Neo4j of the Neo4j tests (Community 5.26 in tests/neo4j, built with Maven and started by
# the neo4j_server fixture of tests/conftest.py): built here first, so a failed build stops the run
# with Maven's words; here it must run (without Java or Maven the Neo4j tests fail, not skip)
.venv/bin/python tests/neo4j_server.py
CJGRAPH_REQUIRE_NEO4J=1 CJGRAPH_REQUIRE_LIBREOFFICE=1 .venv/bin/python -m pytest "$@"
