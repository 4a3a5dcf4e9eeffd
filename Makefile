# The README's two commands (`make demo`, `make test`) and the benchmarks.
PY ?= python3
VENV ?= .venv
APT_PACKAGES = make python3-venv libportaudio2 libasound2-plugins pulseaudio pulseaudio-utils \
	espeak-ng sox libsox-fmt-all ffmpeg chromium poppler-utils strace
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
BIN = $(VENV)/bin

.PHONY: demo test check lint bench system-deps

system-deps:
	@dpkg -s $(APT_PACKAGES) >/dev/null 2>&1 || { \
		$(SUDO) apt-get update && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(APT_PACKAGES); }

$(BIN)/.installed: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

demo: system-deps $(BIN)/.installed
	$(BIN)/recap demo

test: system-deps $(BIN)/.installed
	$(BIN)/python -m pytest -q -rs

# The quick loop while working: lint, then the tests that need no audio devices or model.
check: lint
	$(BIN)/python -m pytest -q -m "not slow" -n 2

lint: $(BIN)/.installed
	$(BIN)/ruff check recap tests bench
	$(BIN)/ruff format --check recap tests bench
	$(BIN)/mypy

bench: system-deps $(BIN)/.installed
	$(BIN)/python bench/transcribe.py
	$(BIN)/python bench/extract_eval.py
	$(BIN)/python bench/phrase_eval.py
	$(BIN)/python bench/smart_eval.py
	$(BIN)/python bench/record.py --minutes 3
