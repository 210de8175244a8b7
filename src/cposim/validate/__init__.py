"""Published figures against cposim, each labelled by how the model uses it (issue 11).

``identity``: the figure is an input or follows from inputs by definition; ``calibration``: a
parameter was set so that the model meets it (the case names the parameter and the figure);
``prediction``: no parameter was set from it. Only predictions are validation.

This package sits above every model layer (presets, package, fabric, engine) and nothing in
the model imports it. ``cposim validate`` prints the registry; ``scripts/readme_numbers.py``
renders the README's validation tables from :func:`markdown`.
"""

from __future__ import annotations

from cposim.validate.case import CLASSES, SECTIONS, Calibrated, Case, CaseResult
from cposim.validate.cases import CASES

__all__ = ["CASES", "CLASSES", "SECTIONS", "Calibrated", "Case", "CaseResult", "evaluate", "markdown",
           "report_json", "broken_inputs", "section_markdown", "summary_line"]


def evaluate(section: str | None = None) -> list[CaseResult]:
    """Every case (or those shown in one README section), computed live, in registry order."""
    if section is not None and section not in SECTIONS:
        raise ValueError(f"unknown section {section!r} (known: {', '.join(SECTIONS)})")
    return [c.evaluate() for c in CASES if section is None or section in c.sections]


def broken_inputs(results: list[CaseResult]) -> list[CaseResult]:
    """Failing identities: the code no longer reproduces its own inputs. (A calibration that
    misses its figure is a finding to fix, reported like a failing prediction.)"""
    return [r for r in results if not r.passed and r.case.klass == "identity"]


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def markdown(results: list[CaseResult]) -> str:
    """The README table of these results."""
    header = ["id", "check", "source", "class", "published", "cposim", "error", "tolerance (why)", "pass"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for r in results:
        c = r.case
        row = [f"`{c.id}`", c.title, ", ".join(c.sources), c.class_text, c.published_text, r.value_text(),
               r.error_text(), f"{c.tolerance_text} ({c.tolerance_why})", "pass" if r.passed else "**FAIL**"]
        lines.append("| " + " | ".join(_cell(x) for x in row) + " |")
    return "\n".join(lines) + "\n"


def section_markdown(section: str, results: list[CaseResult] | None = None) -> str:
    """The README table of one section (``validation``, ``architecture-validation``,
    ``engine-validation``), computed live unless ``results`` (of every case) is given."""
    if section not in SECTIONS:
        raise ValueError(f"unknown section {section!r} (known: {', '.join(SECTIONS)})")
    if results is None:
        results = evaluate(section)
    return markdown([r for r in results if section in r.case.sections])


def summary_line(results: list[CaseResult]) -> str:
    """``N cases: i identity, c calibration, p prediction; predictions k/p pass; ...``."""
    by = {k: [r for r in results if r.case.klass == k] for k in CLASSES}
    parts = [f"{len(by[k])} {k}" for k in CLASSES]
    passes = [f"{k} {sum(r.passed for r in by[k])}/{len(by[k])} pass" for k in CLASSES]
    return f"{len(results)} cases ({', '.join(parts)}); {', '.join(passes)}"


def report_json(results: list[CaseResult]) -> dict:
    """One object: the cases (with class, values, tolerance and verdict) and a summary."""
    broken = broken_inputs(results)
    return {
        "classes": {"identity": "the figure is an input, or follows from inputs by definition",
                    "calibration": "a parameter was set so that the model meets the figure",
                    "prediction": "no parameter was set from the figure; only predictions are validation"},
        "summary": summary_line(results),
        "inputs_reproduced": not broken,
        "cases": [r.to_json() for r in results],
    }
