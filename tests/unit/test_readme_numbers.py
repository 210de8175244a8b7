"""The README's numbers are generated, never typed: README.md must equal what
``python scripts/readme_numbers.py --write`` writes (model numbers from the Python API behind
the CLI, benchmark tables from ``benchmarks/results/*.json``)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "readme_numbers.py"


def _script():
    spec = importlib.util.spec_from_file_location("readme_numbers", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_numbers_match_the_generating_script():
    ok, diff = _script().check()
    assert ok, "README.md differs from `python scripts/readme_numbers.py --write`:\n" + diff


def test_every_generated_block_names_the_command_that_writes_it():
    rn = _script()
    text = rn.README.read_text()
    names = [m.group("name") for m in rn.BLOCK.finditer(text)]
    assert sorted(names) == sorted(rn.BLOCKS)
    assert all(m.group("cmd") == rn.COMMAND for m in rn.BLOCK.finditer(text))
