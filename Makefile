# Every target sets itself up first: a fresh clone needs only `make demo` or `make test`.
VENV := .venv
export PYOPENGL_PLATFORM := egl

.PHONY: setup demo test bench fuzz clean

setup:
	@scripts/bootstrap

demo: setup
	$(VENV)/bin/signgen batch samples/ -o out/

test: setup
	$(VENV)/bin/python -m pytest -q

bench: setup
	$(VENV)/bin/python bench/synthesis_speed.py
	$(VENV)/bin/python bench/gloss_speed.py
	$(VENV)/bin/python bench/motion_quality.py
	$(VENV)/bin/python bench/render_speed.py
	$(VENV)/bin/python bench/bulletin_join.py
	$(VENV)/bin/python bench/rundown_memory.py

fuzz: setup
	$(VENV)/bin/python bench/fuzz.py

clean:
	rm -rf out/
