"""The HTML report of the default scenario, built once through ``cposim report --quick``:
self-contained, every section present, every number-bearing row cited, every citation
resolved, every image a valid PNG; and (acceptance) it loads in headless Chromium with every
image drawn and no console errors, keeping a screenshot under ``out/test-artifacts/``."""

from __future__ import annotations

import base64
import os
import re
import shutil
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cposim.cli.main import app
from cposim.report.html import png_size

REPO = Path(__file__).resolve().parents[3]
ARTIFACTS = REPO / "out" / "test-artifacts"
SECTIONS = ("summary", "conventions", "devices", "link", "port", "switch", "fabric", "references")
FIGURES = ("link-waterfall", "link-energy-bars", "link-eye", "port-stacked", "switch-power", "fabric-power",
           "fabric-inventory", "fabric-reliability")
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


class PageParser(HTMLParser):
    """Collects element ids, links, image sources and the body rows of data tables (their text
    outside the sources cell, and the links inside it)."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.srcs: list[str] = []
        self.rows: list[dict] = []
        self._tables: list[str] = []
        self._in_body = False
        self._row: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if "href" in a:
            self.hrefs.append(a["href"])
        if "src" in a:
            self.srcs.append(a["src"])
        if tag == "table":
            self._tables.append(a.get("class", ""))
        elif tag == "tbody":
            self._in_body = True
        elif tag == "tr" and self._in_body and self._tables and self._tables[-1] == "data":
            self._row = {"text": "", "cites": [], "in_src": False}
        elif self._row is not None and tag == "td" and a.get("class") == "src":
            self._row["in_src"] = True
        elif self._row is not None and tag == "a" and self._row["in_src"]:
            self._row["cites"].append(a.get("href", ""))

    def handle_endtag(self, tag):
        if tag == "table" and self._tables:
            self._tables.pop()
        elif tag == "tbody":
            self._in_body = False
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None
        elif tag == "td" and self._row is not None:
            self._row["in_src"] = False

    def handle_data(self, data):
        if self._row is not None and not self._row["in_src"]:
            self._row["text"] += data + " "


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    res = CliRunner().invoke(app, ["report", "--quick", "--out", str(out)])
    assert res.exit_code == 0, res.output
    files = list(out.glob("*.html"))
    assert len(files) == 1
    path = files[0]
    assert str(path) in res.stdout  # the command says where the report is
    html = path.read_text(encoding="utf-8")
    parser = PageParser()
    parser.feed(html)
    return {"path": path, "html": html, "parsed": parser}


def test_the_page_is_self_contained(page):
    p = page["parsed"]
    external = [u for u in p.hrefs + p.srcs if not (u.startswith("#") or u.startswith("data:"))]
    assert external == []
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page["html"], flags=re.I)
    assert "<script" not in page["html"].lower()  # nothing to run, nothing to fetch
    assert "@import" not in page["html"] and "url(" not in page["html"]


def test_every_section_and_figure_is_present(page):
    ids = page["parsed"].ids
    assert set(SECTIONS) <= ids
    assert set(FIGURES) <= ids


def test_every_image_is_an_embedded_png(page):
    srcs = page["parsed"].srcs
    assert len(srcs) == len(FIGURES)
    for src in srcs:
        assert src.startswith("data:image/png;base64,")
        png = base64.b64decode(src.split(",", 1)[1])
        w, h = png_size(png)
        assert w > 200 and h > 150


def test_every_number_bearing_row_cites_sources_that_resolve(page):
    p = page["parsed"]
    numeric = [r for r in p.rows if re.search(r"\d", r["text"])]
    assert len(numeric) > 150
    for row in numeric:
        assert row["cites"], f"row without sources: {row['text'][:80]}"
        for href in row["cites"]:
            assert href.startswith("#ref-") and href[1:] in p.ids, href
    for href in p.hrefs:  # every citation link anywhere on the page lands on a reference row
        if href.startswith("#ref-"):
            assert href[1:] in p.ids, href


def test_references_list_each_cited_id_once(page):
    html = page["html"]
    refs = re.findall(r'<tr id="(ref-[^"]+)"', html)
    assert len(refs) == len(set(refs)) and len(refs) > 50
    cited = {h[1:] for h in page["parsed"].hrefs if h.startswith("#ref-")}
    assert cited == set(refs)


# ---- the browser acceptance test ------------------------------------------------------------
def _unavailable(reason: str):
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"headless Chromium is required in CI: {reason}")
    pytest.skip(f"headless Chromium not available here: {reason}")


def _browser(profile: str):
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError as err:
        _unavailable(f"selenium is not installed ({err})")
    for path in (CHROMIUM, CHROMEDRIVER):
        if not Path(path).exists():
            _unavailable(f"{path} is missing (make test installs it with scripts/ensure_chromium.sh)")
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--hide-scrollbars", f"--user-data-dir={profile}",
                 "--window-size=1400,1000"):
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    try:
        return webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    except Exception as err:  # noqa: BLE001 - any start failure is reported the same way
        _unavailable(f"Chromium did not start ({type(err).__name__}: {str(err).splitlines()[0]})")


def test_report_renders_in_headless_chromium(page, tmp_path):
    profile = tempfile.mkdtemp(prefix="cposim-chromium-")
    driver = _browser(profile)
    try:
        driver.get(page["path"].resolve().as_uri())
        assert driver.execute_script("return document.readyState") == "complete"
        images = driver.execute_script(
            "return Array.from(document.images).map(i => [i.alt, i.complete, i.naturalWidth, i.naturalHeight])")
        assert len(images) == len(FIGURES)
        for alt, complete, w, h in images:
            assert complete and w > 0 and h > 0, alt
        requests = driver.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith('data:'))")
        assert requests == []
        titles = driver.execute_script("return Array.from(document.querySelectorAll('section.part > h2'))"
                                       ".map(h => h.textContent)")
        assert titles[:2] == ["Summary", "How to read the numbers"] and titles[-1] == "References"
        shots = {"report.png": "summary", "report-link.png": "link", "report-fabric.png": "fabric"}
        for name, anchor in shots.items():
            driver.execute_script(f"document.getElementById('{anchor}').scrollIntoView()")
            driver.save_screenshot(str(tmp_path / name))
        errors = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
        assert errors == [], errors
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for name in shots:
        assert png_size((tmp_path / name).read_bytes())[0] > 800
        shutil.copyfile(tmp_path / name, ARTIFACTS / name)
    shutil.copyfile(tmp_path / "report.png", REPO / "out" / "report.png")
