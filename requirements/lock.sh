#!/usr/bin/env bash
# `make lock`: re-resolve the three locked sets from pyproject.toml on PyPI (requirements/README.md).
# Pins move only where pyproject.toml lets them (its direct pins are exact); indirect ones take
# the newest version that fits. Review the diff, then `make venv` installs it.
set -euo pipefail
cd "$(dirname "$0")/.."
UV="${UV:-.venv/bin/uv}"
# PyPI only (this machine's pip configuration may add local mirrors that uv must not record).
export UV_INDEX_URL=https://pypi.org/simple UV_NO_CONFIG=1
common=(--quiet --generate-hashes --python-version 3.11 --universal --no-header --upgrade
  --custom-compile-command "make lock")
"$UV" pip compile "${common[@]}" pyproject.toml --extra dev --extra deploy -o requirements/dev.txt
"$UV" pip compile "${common[@]}" pyproject.toml --extra deploy -c requirements/dev.txt \
  -o requirements/deploy.txt
# The layer: the runtime dependencies at the development lock's versions, less dnspython
# (layers/core/requirements.in says why).
"$UV" pip compile "${common[@]}" layers/core/requirements.in -c requirements/dev.txt \
  --no-emit-package dnspython -o layers/core/requirements.txt
