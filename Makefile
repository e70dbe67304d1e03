# Two commands do all the set-up on a fresh machine:
#   make demo   venv + package + segmentation model + pipeline, then annotate the sample corpus
#   make test   the same set-up if needed, then the test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SAMPLE ?= ../shared/corpus/seeds
OUT    ?= out/seeds.jsonl
MODEL  := models/zh_events/meta.json

.PHONY: demo test setup install bench eval browser clean

demo: setup
	$(BIN)/zhevents annotate $(SAMPLE) -o $(OUT) --quiet
	$(BIN)/zhevents stats $(OUT)
	@echo "output: $(abspath $(OUT))"

test: setup browser
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/zhevents bench

# Entity scores on the hand-annotated stories: dev (tuned on) and test (held out).
eval: setup
	$(BIN)/zhevents evaluate --gold annotations/dev.jsonl
	$(BIN)/zhevents evaluate --gold annotations/test.jsonl

setup: $(MODEL)

# The report test opens the page in headless Chromium; the PNG charts need a CJK font. Installed from Debian's
# packages when running as root (CI); elsewhere the browser test says it is skipped and why.
# Each is installed when it is missing: a machine with chromium but no CJK font still gets the font.
browser:
	@pkgs=""; \
	command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || pkgs="chromium"; \
	fc-list :lang=zh 2>/dev/null | grep -q . || pkgs="$$pkgs fonts-noto-cjk"; \
	if [ -z "$$pkgs" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$pkgs >/dev/null; \
	else echo "note: not installed:$$pkgs (without chromium the browser test is skipped; without a CJK font PNG chart labels do not render)"; fi

install: $(VENV)/.installed

# setuptools, wheel, cython and numpy must be in the venv before `pip download` of the pkuseg sdist:
# its setup.py imports them just to report metadata (see pipeline/model_setup.py). setuptools stays < 81 in every
# step: HanLP 2.1.5 imports pkg_resources. torch comes alone and first, pinned to 2.13.0 (a CPU build satisfies it);
# installed as a dependency of hanlp, pip would pick a CUDA build (gigabytes of nvidia-* packages).
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet 'setuptools<81' wheel cython numpy
	$(BIN)/python -m pip install --quiet 'setuptools<81' torch==2.13.0
	$(BIN)/python -m pip install --quiet 'setuptools<81' -e '.[test,hanlp]'
	touch $@

$(MODEL): $(VENV)/.installed configs/zh_events.cfg $(wildcard pipeline/lexicons/*.tsv)
	$(BIN)/zhevents setup

clean:
	rm -rf $(VENV) models/zh_events models/pkuseg_msra models/user_dict.txt out
