"""Layers import only downward: no import cycle between modules, and none between packages
except link <-> signal, which the design draws as one layer (the analytic engine takes its
waveform penalty from the simulator's device stages; the simulator takes budgets from the
engine)."""

from __future__ import annotations

import ast
from pathlib import Path

import cposim

ROOT = Path(cposim.__file__).resolve().parent
SAME_LAYER = {frozenset({"cposim.link", "cposim.signal"})}


def _module_imports() -> dict[str, set[str]]:
    """Module -> cposim modules it imports at module level (imports inside functions are
    deferred and not part of the import graph)."""
    graph: dict[str, set[str]] = {}
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT.parent).with_suffix("")
        name = ".".join(rel.parts[:-1] if rel.name == "__init__" else rel.parts)
        deps: set[str] = set()
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("cposim"):
                deps.add(node.module)
            elif isinstance(node, ast.Import):
                deps.update(a.name for a in node.names if a.name.startswith("cposim"))
        graph[name] = deps
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in list(graph):
        if v not in index:
            visit(v)
    return out


def test_no_module_imports_itself_through_others():
    assert _cycles(_module_imports()) == []


def test_packages_import_only_downward():
    packages: dict[str, set[str]] = {}
    for mod, deps in _module_imports().items():
        a = ".".join(mod.split(".")[:2])
        for d in deps:
            b = ".".join(d.split(".")[:2])
            if a != b and frozenset({a, b}) not in SAME_LAYER:
                packages.setdefault(a, set()).add(b)
    assert _cycles(packages) == []
