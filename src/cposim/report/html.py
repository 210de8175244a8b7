"""The report as one self-contained HTML page: inline CSS, plots as base64 PNG data URIs,
source ids as links to the references table at the end. Rendering only."""

from __future__ import annotations

import base64
import struct
from html import escape
from typing import Iterable

from cposim.report.display import format_value
from cposim.report.model import Block, Fact, Facts, FigureSpec, Paragraph, Report, Row, Section, Table
from cposim.report.plots import render_figure
from cposim.report.template import CSS, PAGE

#: Source ids shown before the rest fold into "+N more".
SHOWN_IDS = 4


def anchor(source_id: str) -> str:
    """Element id of a reference row."""
    return "ref-" + "".join(c if c.isalnum() or c in "-_" else "_" for c in source_id)


def _links(ids: Iterable[str]) -> str:
    return ", ".join(f'<a href="#{anchor(i)}">{escape(i)}</a>' for i in ids)


def cite(ids: tuple[str, ...], shown: int = SHOWN_IDS) -> str:
    """Superscript links to the references; past ``shown`` the rest fold away."""
    head, tail = ids[:shown], ids[shown:]
    out = f'<sup class="cite">{_links(head)}</sup>'
    if tail:
        out += (f'<details class="more"><summary>+{len(tail)} more</summary>'
                f'<sup class="cite">{_links(tail)}</sup></details>')
    return out


def _row(row: Row, formats: tuple[str, ...]) -> str:
    cells = []
    for value, use in zip(row.values, row.formats(formats)):
        kind = "text" if isinstance(value, str) else "num"
        cells.append(f'<td class="{kind}">{escape(format_value(value, use))}</td>')
    cls = f' class="{escape(row.note)}"' if row.note in ("total", "derived") else ""
    return (f"<tr{cls}><th scope=\"row\">{escape(row.label)}</th>{''.join(cells)}"
            f'<td class="src">{cite(row.sources)}</td></tr>')


def render_table(table: Table) -> str:
    """A table with a sources column."""
    head = "".join(f"<th>{escape(c)}</th>" for c in (table.label_header, *table.columns, "sources"))
    body = "".join(_row(r, table.formats) for r in table.rows)
    wide = " wide" if table.wide else ""
    caption = f"<figcaption>{escape(table.caption)}</figcaption>" if table.caption else ""
    return (f'<figure class="table{wide}" id="{escape(table.key)}"><table class="data"><caption>{escape(table.title)}'
            f"</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{caption}</figure>")


def png_size(png: bytes) -> tuple[int, int]:
    """(width, height) in pixels from a PNG header."""
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG image")
    return struct.unpack(">II", png[16:24])


def render_figure_block(fig: FigureSpec) -> str:
    """A plot as an embedded PNG with its caption and sources."""
    png = render_figure(fig.plot, fig.data)
    w, h = png_size(png)
    data = base64.b64encode(png).decode("ascii")
    wide = " wide" if fig.wide else ""
    return (f'<figure class="plot{wide}" id="{escape(fig.key)}"><img src="data:image/png;base64,{data}" width="{w}" '
            f'height="{h}" alt="{escape(fig.title)}"><figcaption><b>{escape(fig.title)}.</b> {escape(fig.caption)} '
            f"Sources: {cite(fig.sources)}</figcaption></figure>")


def render_fact(fact: Fact) -> str:
    """One headline card."""
    unit = f' <span class="u">{escape(fact.unit)}</span>' if fact.unit else ""
    return (f'<div class="fact"><div class="v">{escape(format_value(fact.value, fact.fmt))}{unit}</div>'
            f'<div class="l">{escape(fact.label)}</div><div class="s">{cite(fact.sources, 2)}</div></div>')


def render_facts(facts: Facts) -> str:
    """A row of headline cards."""
    return f'<div class="facts wide" id="{escape(facts.key)}">{"".join(render_fact(f) for f in facts.facts)}</div>'


def render_block(block: Block) -> str:
    """Any block of a section."""
    if isinstance(block, Table):
        return render_table(block)
    if isinstance(block, FigureSpec):
        return render_figure_block(block)
    if isinstance(block, Facts):
        return render_facts(block)
    if isinstance(block, Paragraph):
        cls = "text wide" if block.wide else "callout"
        return f'<p class="{cls}">{escape(block.text)}</p>'
    raise TypeError(f"unknown report block {type(block).__name__}")


def render_section(section: Section) -> str:
    """A section: title, introduction, its blocks, notes."""
    cls = "blocks cards" if section.layout == "cards" else "blocks"
    blocks = "".join(render_block(b) for b in section.blocks)
    notes = ""
    if section.notes:
        notes = '<ul class="notes">' + "".join(f"<li>{escape(n)}</li>" for n in section.notes) + "</ul>"
    return (f'<section class="part" id="{escape(section.key)}"><h2>{escape(section.title)}</h2>'
            f'<p class="intro">{escape(section.intro)}</p><div class="{cls}">{blocks}</div>{notes}</section>')


def render_references(report: Report) -> str:
    """The table every citation link points to."""
    rows = []
    for s in report.references:
        unit = f" {s.unit}" if s.unit and s.unit != "-" else ""
        conf = escape(s.confidence)
        rows.append(f'<tr id="{anchor(s.id)}"><td class="id">{escape(s.id)}</td><td>{escape(s.quantity)}</td>'
                    f"<td>{escape(s.value + unit)}</td><td><span class=\"conf conf-{conf}\">{conf}</span></td>"
                    f"<td>{escape(s.source)}</td></tr>")
    head = "".join(f"<th>{h}</th>" for h in ("id", "quantity", "value", "confidence", "source"))
    return (f'<section class="part" id="references"><h2>References</h2><p class="intro">Every source id cited in '
            "this report, from cposim's reference tables (cposim sources ID shows one). Confidence "
            "<i>estimate</i> marks planning values, not validation targets.</p>"
            f'<table class="refs"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></section>')


def render_conventions(report: Report) -> str:
    """The accounting conventions."""
    items = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in report.conventions)
    return (f'<section class="part" id="conventions"><h2>How to read the numbers</h2><dl class="conv">{items}</dl>'
            "</section>")


def render_html(report: Report) -> str:
    """The whole page."""
    summary = (f'<section class="part" id="summary"><h2>Summary</h2><div class="blocks">'
               f"{render_facts(report.summary)}{render_table(report.versus)}{render_table(report.scenario)}</div>"
               "</section>")
    body = summary + render_conventions(report) + "".join(render_section(s) for s in report.sections)
    body += render_references(report)
    toc_items = [("summary", "Summary"), ("conventions", "Conventions")]
    toc_items += [(s.key, s.title) for s in report.sections] + [("references", "References")]
    toc = "".join(f'<a href="#{escape(k)}">{escape(t)}</a>' for k, t in toc_items)
    st = report.settings
    footer = escape(f"cposim {st.get('version', '')}; {st.get('simulation', '')}; "
                    f"{len(report.references)} references.")
    return PAGE.substitute(title=escape(report.title), subtitle=escape(report.subtitle), css=CSS, toc=toc, body=body,
                           footer=footer, version=escape(str(st.get("version", ""))))
