# Set-up, checks and demo for the walk-in queue system.
#
#   make venv         create $(VENV) and install the project with its test extras
#   make system-deps  install the Debian packages listed in .ci/debian-packages.txt (root),
#                     or print the apt-get line to run (not root)
#   make test         ruff, ruff format, mypy, import-linter, then pytest (offscreen Qt)
#   make demo         run the demo
#   make schemas      regenerate assets/schema/ (the config files' JSON Schemas for editors)
#   make clean        remove the venv and the caches
#
# Variables: VENV (default .venv), PYTHON (default python3, must be >= 3.11),
#            PYTEST_ARGS (passed to pytest, e.g. PYTEST_ARGS='-x -k queue').

PYTHON ?= python3
VENV ?= .venv
PYTEST_ARGS ?=

DEBIAN_PACKAGES_FILE := .ci/debian-packages.txt
# Touched after a successful install; pip runs again only when pyproject.toml is newer.
VENV_STAMP = $(VENV)/.walkin-installed

.PHONY: venv system-deps test demo schemas clean
.NOTPARALLEL:

venv: $(VENV_STAMP)

$(VENV_STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { \
	  echo "venv: '$(PYTHON)' not found. Install Python >= 3.11 (Debian 12: apt-get install python3 python3-venv)" \
	       "or pass PYTHON=/path/to/python3.11" >&2; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { \
	  echo "venv: '$(PYTHON)' is $$($(PYTHON) -V 2>&1), but this project needs Python >= 3.11." \
	       "Pass PYTHON=python3.11 (or newer)." >&2; exit 1; }
	@if [ -x '$(VENV)/bin/python' ] \
	    && '$(VENV)/bin/python' -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
	    && '$(VENV)/bin/python' -m pip --version >/dev/null 2>&1; then \
	  echo "venv: reusing $(VENV)"; \
	else \
	  echo "venv: creating $(VENV) with $$($(PYTHON) -V 2>&1)"; \
	  $(PYTHON) -m venv --clear '$(VENV)' || { \
	    echo "venv: '$(PYTHON) -m venv' failed. On Debian install python3-venv (make system-deps)." >&2; \
	    exit 1; }; \
	fi
	'$(VENV)/bin/python' -m pip install --progress-bar off -e '.[test]'
	@touch '$@'

system-deps:
	@set -e; \
	if ! command -v dpkg-query >/dev/null 2>&1; then \
	  echo "system-deps: no dpkg-query (not Debian?): install the equivalents of the packages" \
	       "in $(DEBIAN_PACKAGES_FILE) yourself; skipping." >&2; \
	  exit 0; \
	fi; \
	pkgs=$$(sed -e 's/#.*//' '$(DEBIAN_PACKAGES_FILE)'); \
	missing=; \
	for p in $$pkgs; do \
	  dpkg-query -W -f='$${db:Status-Status}\n' "$$p" 2>/dev/null | grep -qx installed \
	    || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then \
	  echo "system-deps: all $$(echo $$pkgs | wc -w) Debian packages in $(DEBIAN_PACKAGES_FILE) are installed"; \
	  exit 0; \
	fi; \
	if [ "$$(id -u)" -ne 0 ]; then \
	  echo "system-deps: missing Debian packages:$$missing" >&2; \
	  echo "Install them with:" >&2; \
	  echo "" >&2; \
	  echo "    sudo apt-get install -y$$missing" >&2; \
	  echo "" >&2; \
	  echo "(run 'sudo apt-get update' first if apt cannot find them)" >&2; \
	  exit 1; \
	fi; \
	echo "system-deps: installing:$$missing"; \
	export DEBIAN_FRONTEND=noninteractive; \
	apt-get update -q; \
	apt-get install -y -q --no-install-recommends $$missing

test: system-deps venv
	'$(VENV)/bin/ruff' check .
	'$(VENV)/bin/ruff' format --check .
	'$(VENV)/bin/mypy'
	'$(VENV)/bin/lint-imports'
	QT_QPA_PLATFORM=offscreen '$(VENV)/bin/pytest' $(PYTEST_ARGS)

demo: system-deps venv
	'$(VENV)/bin/walkin' demo

schemas: venv
	'$(VENV)/bin/python' -m walkin.schemas

clean:
	@case '$(VENV)' in ''|/|.|..) echo "clean: refusing to remove VENV='$(VENV)'" >&2; exit 1;; esac
	rm -rf -- '$(VENV)' build .pytest_cache .mypy_cache .ruff_cache .hypothesis *.egg-info
	find . -name .git -prune -o -type d -name __pycache__ -prune -exec rm -rf -- {} +
