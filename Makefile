# tochuc — the two commands a fresh machine needs: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell scripts/find-python)
VENV := .venv
PY := $(VENV)/bin/python
TOCHUC := $(VENV)/bin/tochuc
PG_URL ?= postgres://postgres@127.0.0.1:5432/tochuc
PYTEST_ARGS ?= -q -n 2
HOST ?= 127.0.0.1:8000

.PHONY: run test test-fast lint test-sqlite test-pg bench install clean messages

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "Cần Python >= 3.12"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed

# tochuc.settings refuses to start without TOCHUC_SECRET_KEY unless TOCHUC_DEBUG=1: `make run` is a
# developer's server (and `make messages` a developer's tool); the benchmarks run throw-away databases.
run messages: export TOCHUC_DEBUG ?= 1
bench: export TOCHUC_SECRET_KEY ?= tochuc-bench-only-not-a-secret

run: install
	$(TOCHUC) init --demo
	$(TOCHUC) demo members --total 5000 --scope T01 --if-empty
	$(TOCHUC) demo meetings --scope T01
	$(TOCHUC) collectstatic --noinput -v 0
	@echo
	@echo "tochuc đang chạy tại http://$(HOST)/ — đăng nhập bằng một tài khoản ở trên."
	@echo "(Dừng: Ctrl+C)"
	@# The task worker (member imports from the web page) runs beside the server and stops with it.
	$(TOCHUC) db_worker --no-startup-delay --no-reload & trap 'kill $$! 2>/dev/null' EXIT INT TERM; \
	$(TOCHUC) runserver $(HOST) --insecure --noreload

test: install lint test-sqlite test-pg

# One-way layers between the apps ([tool.importlinter] in pyproject.toml; README, Architecture),
# and ruff ([tool.ruff] in pyproject.toml).
lint: install
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/ruff check tochuc scripts

test-sqlite: install
	$(PY) -m pytest $(PYTEST_ARGS)

# The quick loop while working: SQLite only, without the browser tests (no chromium needed).
test-fast: install
	$(PY) -m pytest $(PYTEST_ARGS) -m "not browser"

# PostgreSQL: required when TOCHUC_TEST_PG=required (CI), otherwise run when reachable.
test-pg: install
	@if $(PY) scripts/pg_reachable.py "$(PG_URL)"; then \
		echo "== PostgreSQL =="; DATABASE_URL="$(PG_URL)" $(PY) -m pytest $(PYTEST_ARGS); \
	elif [ "$$TOCHUC_TEST_PG" = "required" ]; then \
		echo "PostgreSQL là bắt buộc (TOCHUC_TEST_PG=required) nhưng không kết nối được $(PG_URL)"; exit 1; \
	else echo "Bỏ qua PostgreSQL: không kết nối được $(PG_URL)"; fi

bench: install
	$(PY) -m tochuc.bench --pg-url "$(PG_URL)"

messages: install
	cd tochuc && ../$(TOCHUC) makemessages -l en --ignore "bench/*" --ignore "*/tests/*"
	$(PY) scripts/translate_en.py
	cd tochuc && ../$(TOCHUC) compilemessages -l en

clean:
	rm -rf $(VENV) var *.egg-info
