"""Cited sources: the project's reference table and look-ups into it.

``table.csv`` is the shared survey of published CPO figures; ``table_cposim*.csv`` hold
rows the project added (ids ``CPS-*``: standards constants, textbook physics and clearly
marked planning estimates). Every default number in a model or preset names ids from here.
"""

from cposim.references.registry import Source, all_sources, get_source, resolve_sources

__all__ = ["Source", "all_sources", "get_source", "resolve_sources"]
