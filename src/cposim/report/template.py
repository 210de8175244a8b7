"""The page around the report: one HTML skeleton with inline CSS (no external requests)."""

from __future__ import annotations

from string import Template

CSS = """
:root { --ink:#1d2330; --muted:#5b6475; --line:#d9dee7; --band:#f4f6fa; --accent:#1f5fbf; --mark:#fff1a8; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       color:var(--ink); background:#fff; }
header.top { background:#15233d; color:#fff; padding:22px 32px 16px; }
header.top h1 { margin:0 0 4px; font-size:24px; font-weight:650; }
header.top p { margin:2px 0; color:#c9d3e6; }
nav.toc { position:sticky; top:0; z-index:5; background:#fff; border-bottom:1px solid var(--line);
          padding:8px 32px; display:flex; flex-wrap:wrap; gap:6px 18px; }
nav.toc a { color:var(--accent); text-decoration:none; font-weight:550; }
main { max-width:1280px; margin:0 auto; padding:8px 32px 48px; }
section.part { margin-top:28px; scroll-margin-top:48px; }
section.part > h2 { font-size:20px; margin:0 0 6px; padding-bottom:4px; border-bottom:2px solid var(--ink); }
p.intro { color:var(--muted); max-width:980px; margin:4px 0 12px; }
.blocks { display:grid; grid-template-columns:repeat(auto-fit, minmax(480px, 1fr)); gap:18px 22px; align-items:start; }
.blocks.cards { grid-template-columns:repeat(auto-fill, minmax(400px, 1fr)); }
.wide { grid-column:1 / -1; }
figure { margin:0; min-width:0; }
figure.table { overflow-x:auto; }
figure.plot { border:1px solid var(--line); border-radius:6px; padding:8px; background:#fff; }
figure.plot img { display:block; max-width:100%; height:auto; margin:0 auto; }
figcaption { font-size:12.5px; color:var(--muted); margin-top:6px; }
figcaption b { color:var(--ink); }
table { border-collapse:collapse; width:100%; font-size:13px; }
table caption { caption-side:top; text-align:left; font-weight:650; font-size:14px; padding:2px 0 6px; }
th, td { padding:4px 8px; border-bottom:1px solid var(--line); vertical-align:top; }
thead th { background:var(--band); text-align:left; font-weight:600; border-bottom:1px solid #b9c1cf; }
tbody th { text-align:left; font-weight:500; }
td.num { text-align:right; font-variant-numeric:tabular-nums; white-space:nowrap; }
td.text { text-align:left; }
tr.total th, tr.total td.num { font-weight:700; }
tr.derived th { font-style:italic; }
td.src { font-size:11px; color:var(--muted); min-width:110px; max-width:240px; overflow-wrap:anywhere; }
sup.cite { font-size:10.5px; line-height:1; vertical-align:super; }
sup.cite a, .refs a { color:var(--accent); text-decoration:none; }
sup.cite a:hover { text-decoration:underline; }
details.more { display:inline; }
details.more summary { display:inline-block; cursor:pointer; color:var(--accent); font-size:10px; white-space:nowrap;
                       margin-left:3px; padding:0 4px; border:1px solid #c7d3ea; border-radius:7px; line-height:1.35; }
details.more[open] summary { color:var(--muted); }
.facts { display:grid; grid-template-columns:repeat(auto-fill, minmax(200px, 1fr)); gap:10px; }
.fact { background:var(--band); border:1px solid var(--line); border-radius:6px; padding:10px 12px; }
.fact .v { font-size:22px; font-weight:650; }
.fact .u { font-size:12.5px; color:var(--muted); font-weight:400; }
.fact .l { font-size:12.5px; color:var(--muted); margin-top:2px; }
.fact td.src, .fact .s { font-size:11px; }
ul.notes { margin:10px 0 0; padding-left:20px; color:#7a4b00; font-size:12.5px; }
dl.conv { display:grid; grid-template-columns:220px 1fr; gap:6px 16px; margin:8px 0; }
dl.conv dt { font-weight:600; }
dl.conv dd { margin:0; color:var(--ink); }
p.text { margin:0; max-width:980px; }
p.callout { margin:0; padding:10px 14px; background:#fff8e1; border-left:4px solid #e0a800; border-radius:4px; }
table.refs td { font-size:12px; }
table.refs td.id { white-space:nowrap; font-weight:600; }
.conf { display:inline-block; padding:0 6px; border-radius:8px; font-size:11px; background:#e6ebf3; }
.conf-high { background:#d4f0dc; } .conf-medium { background:#e3ecfb; } .conf-low { background:#fbe7d6; }
.conf-derived { background:#ece3fb; } .conf-estimate { background:#fdf3c4; }
tr:target, tr:target td { background:var(--mark); }
footer { color:var(--muted); font-size:12px; margin-top:32px; }
@media print { nav.toc { position:static; } details.more > *:not(summary) { display:inline; } }
"""

PAGE = Template("""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="cposim $version">
<title>$title</title>
<link rel="icon" href="data:,">
<style>$css</style>
</head>
<body>
<header class="top">
<h1>$title</h1>
<p>$subtitle</p>
</header>
<nav class="toc">$toc</nav>
<main>
$body
<footer>$footer</footer>
</main>
</body>
</html>
""")
