# Rencontres ESS: `make run` serves the demo day, `make test` runs the whole suite.
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install run test lint bench migrate demo clean

install: $(STAMP)

$(STAMP): requirements.lock
	@test -x $(PY) || { PYBIN=$$(sh scripts/find-python.sh) && echo "Python : $$PYBIN" && $$PYBIN -m venv $(VENV); }
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip==26.3
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@touch $(STAMP)

# Links in the demo's e-mails and calendar feeds point at the port actually served.
run demo: export SITE_URL ?= http://127.0.0.1:$(PORT)

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py demo

run: demo
	$(PY) manage.py collectstatic --noinput --verbosity 0
	@sh scripts/run.sh $(PORT)

test: install
	@sh scripts/ensure-chromium.sh
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports
	$(PY) -m mypy scheduling matchmaking badges
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest

lint: install
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports
	$(PY) -m mypy scheduling matchmaking badges

bench: install
	$(PY) -m scheduling bench --repeat 3

clean:
	rm -rf $(VENV) .pytest_cache
