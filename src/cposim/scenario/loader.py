"""Read a scenario file (YAML or TOML) into validated models, once, at the edge.

A scenario names a preset and overrides some of its settings::

    name: my CPO lane
    link:
      preset: cpo-mrm-200g
      fiber: {length: 50 m}
      source: {power_class: HP}

Every problem is a ``ConfigError`` with the path in the file (``link.fiber.length``).
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping

import yaml

from cposim.errors import ConfigError
from cposim.scenario.overrides import apply_overrides
from cposim.scenario.strict_yaml import load_yaml

TOP_LEVEL_KEYS = ("name", "description", "link", "simulate")
MAX_FILE_BYTES = 1_000_000


@dataclass(frozen=True)
class Scenario:
    """A parsed scenario: its name, the validated link lane model and the raw sections
    that other commands validate themselves (``simulate``)."""

    name: str
    preset: str
    link: Any
    sections: dict[str, Any] | None = None


def read_document(path: str | Path) -> dict[str, Any]:
    """Parse a YAML (``.yaml``/``.yml``) or TOML (``.toml``) file into a mapping."""
    p = Path(path)
    if not p.is_file():
        raise ConfigError("scenario", str(path), "is not a file (or a preset name); see `cposim presets`")
    if p.stat().st_size > MAX_FILE_BYTES:
        raise ConfigError("scenario", str(path), f"is larger than {MAX_FILE_BYTES} bytes")
    try:
        text = p.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ConfigError("scenario", str(path), "is not UTF-8 text") from None
    return parse_text(text, fmt="toml" if p.suffix.lower() == ".toml" else "yaml")


def parse_text(text: str, *, fmt: str = "yaml") -> dict[str, Any]:
    """Parse scenario text (``fmt`` is ``yaml`` or ``toml``) into a mapping."""
    try:
        if fmt == "toml":
            doc = tomllib.loads(text)
        else:
            doc = load_yaml(text)
    except tomllib.TOMLDecodeError as err:
        raise ConfigError("scenario", "(file)", f"is not valid TOML: {err}") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(err, "problem", None) or "syntax error"
        raise ConfigError("scenario", "(file)", f"is not valid YAML{where}: {problem}") from None
    except (RecursionError, ValueError, TypeError) as err:
        raise ConfigError("scenario", "(file)", f"could not be parsed: {type(err).__name__}") from None
    if doc is None:
        raise ConfigError("scenario", "(empty file)", "is empty; expected at least `link: {preset: NAME}`")
    if not isinstance(doc, dict):
        raise ConfigError("scenario", type(doc).__name__, "must be a mapping at the top level (key: value)")
    return doc


def scenario_from_mapping(doc: Mapping[str, Any], presets: Mapping[str, Callable[[], Any]]) -> Scenario:
    """Validate a parsed document against the preset catalogue ``presets`` (name -> factory)."""
    for key in doc:
        if key not in TOP_LEVEL_KEYS:
            close = difflib.get_close_matches(str(key), TOP_LEVEL_KEYS, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise ConfigError(str(key), key, f"is not a known section{hint} (valid: {', '.join(TOP_LEVEL_KEYS)})")
    name = doc.get("name", "scenario")
    if not isinstance(name, str):
        raise ConfigError("name", name, "is not text")
    if "link" not in doc:
        raise ConfigError("link", None, "is missing; expected `link: {preset: NAME, ...}`")
    link = doc["link"]
    if not isinstance(link, Mapping):
        raise ConfigError("link", link, "must be a mapping with at least `preset: NAME`")
    link = dict(link)
    preset = link.pop("preset", None)
    if preset is None:
        raise ConfigError("link.preset", None, f"is missing; expected one of {', '.join(presets)}")
    if not isinstance(preset, str) or preset not in presets:
        close = difflib.get_close_matches(str(preset), list(presets), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise ConfigError("link.preset", preset, f"is not a known preset{hint} (valid: {', '.join(presets)})")
    model = apply_overrides(presets[preset](), link, "link")
    sections = {k: doc[k] for k in doc if k not in ("name", "description", "link")}
    if "simulate" in sections:
        from cposim.scenario.simulate_settings import simulate_settings

        simulate_settings(sections["simulate"])  # validated here too, so every command rejects a bad section
    return Scenario(name=name, preset=preset, link=model, sections=sections)
