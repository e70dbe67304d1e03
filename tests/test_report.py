"""`zhevents report`: the self-contained HTML page and the PNG charts, opened in headless Chromium.

The browser test needs Chromium (Debian: `apt-get install -y chromium fonts-noto-cjk`; the fonts
make the Chinese labels render). Without it that test is skipped and says why.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest
import typer
from typer.testing import CliRunner

from conftest import SEEDS
from pipeline.export import COLORS
from pipeline.graph import build_from_paths
from pipeline.report import TYPE_COLORS, report_data, write_report


@pytest.fixture(scope="session")
def seed_report(nlp, tmp_path_factory):
    from pipeline.document import annotate, record
    from pipeline.reader import read_articles

    d = tmp_path_factory.mktemp("report")
    jsonl = d / "seeds.jsonl"
    with open(jsonl, "w", encoding="utf-8") as fh:
        for art, doc in annotate(nlp, read_articles([str(SEEDS)])):
            fh.write(json.dumps(record(art, doc, with_tokens=False), ensure_ascii=False) + "\n")
    eg = build_from_paths([jsonl])
    written = write_report(eg, d / "report.html")
    return eg, written, jsonl


def test_report_data(seed_report):
    eg, _, _ = seed_report
    data = report_data(eg)
    labels = {n["label"]: n for n in data["network"]["nodes"]}
    assert {"景俊海", "韩俊", "长春市", "九台区"} <= set(labels)
    assert {n["t"] for n in data["network"]["nodes"]} == {"Official", "Place", "Measure"}
    assert any(l.get("part") for l in data["network"]["links"])          # 九台区 - 长春市
    assert data["timeline"]["officials"][0]["name"] == "景俊海"
    md = data["measures"]
    assert md["grain"] == "day" and "testing" in md["categories"] and "XXXX-04-03" in md["periods"]
    meeting = next(e for e in data["events"] if e["what"] == "长春疫情防控保卫战决战决胜阶段工作推进会")
    assert meeting["reports"] == 2 and len(meeting["sources"]) == 2
    assert all(s["sentence"] and s["href"].startswith("file://") and "#:~:text=" in s["href"] for s in meeting["sources"])
    assert len(data["events"]) == len(eg.events)


def test_page_is_self_contained(seed_report):
    _, written, _ = seed_report
    html = written[0].read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and 'id="report-data"' in html
    # nothing is loaded from elsewhere: no external scripts, styles, images or fonts
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", html)
    assert "@import" not in html and "url(" not in html
    data = json.loads(re.search(r'<script type="application/json" id="report-data">(.*?)</script>', html, re.S)
                      .group(1).replace("<\\/", "</"))
    assert data["meta"]["events"] == len(seed_report[0].events)


def test_png_charts(seed_report):
    from PIL import Image

    _, written, _ = seed_report
    pngs = [p for p in written if p.suffix == ".png"]
    assert [p.name for p in pngs] == ["report_network.png", "report_timeline.png", "report_measures.png"]
    for p in pngs:
        im = Image.open(p).convert("RGB")
        assert im.width >= 800 and im.height >= 300
        assert len(im.resize((200, 100)).getcolors(20000) or ()) > 20, f"{p.name} looks blank"


def test_cjk_font_installed_after_matplotlib_cached_its_font_list(monkeypatch):
    # `make test` may install fonts-noto-cjk after matplotlib wrote its per-user font cache; the font must still be found
    from matplotlib import font_manager

    from pipeline.report import CJK_FONT_FILES, CJK_FONTS, cjk_font

    if not any(k in Path(f).name.lower() for f in font_manager.findSystemFonts() for k in CJK_FONT_FILES):
        pytest.skip("no CJK font file on this machine (Debian: apt-get install fonts-noto-cjk)")
    stale = [f for f in font_manager.fontManager.ttflist if f.name not in CJK_FONTS]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", stale)  # the cache as written before the install
    assert cjk_font() in CJK_FONTS


def test_report_command(seed_report, tmp_path):
    from pipeline.graph_cli import register

    app = typer.Typer()
    register(app)
    out = tmp_path / "r.html"
    res = CliRunner().invoke(app, ["report", str(seed_report[2]), "-o", str(out), "--no-png", "--official", "韩俊"])
    assert res.exit_code == 0, res.output
    assert out.exists() and not list(tmp_path.glob("*.png"))
    data = json.loads(re.search(r'id="report-data">(.*?)</script>', out.read_text(encoding="utf-8"), re.S).group(1))
    assert data["events"] and all(any(o[1] == "韩俊" for o in e["officials"]) for e in data["events"])


# ---------------------------------------------------------------------------------------------- browser


def _chromium():
    for name in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if name and shutil.which(name):
            return shutil.which(name)
    return None


CHROMIUM = _chromium()
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (Debian: apt-get install -y chromium fonts-noto-cjk; "
                             "or set CHROMIUM=/path/to/chrome)")


def _chrome(url: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
           "--disable-extensions", f"--user-data-dir={profile}", "--virtual-time-budget=8000", *args, url]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


@needs_chromium
def test_page_renders_in_chromium(seed_report, tmp_path):
    import numpy as np
    from PIL import Image

    eg, written, _ = seed_report
    page = written[0]
    url = page.resolve().as_uri()
    # 1. the page runs: status, no script errors, nodes, timeline marks, table rows
    dom = _chrome(url, tmp_path / "p1", "--dump-dom").stdout
    body = re.search(r"<body([^>]*)>", dom).group(1)
    assert 'data-status="ready"' in body and "data-errors" not in body, body
    n_nodes = int(re.search(r'data-network-nodes="(\d+)"', body).group(1))
    assert n_nodes >= 20
    assert len(re.findall(r'<g class="node t-', dom)) == n_nodes
    assert dom.count('<line class="link') > n_nodes / 2
    dots = int(re.search(r'data-timeline-dots="(\d+)"', body).group(1))
    assert dots > 5 and dom.count('class="ev-dot"') == dots
    assert 'class="lane-label"' in dom and ">景俊海 (" in dom
    assert int(re.search(r'data-table-rows="(\d+)"', body).group(1)) == min(50, len(eg.events))
    assert dom.count('class="bar"') > 10                                   # measures chart
    # 2. a link to an event's second report opens its sentences
    meeting = next(n for n, d in eg.graph.nodes(data=True) if d.get("name") == "长春疫情防控保卫战决战决胜阶段工作推进会")
    dom = _chrome(f"{url}#s-{meeting}-2", tmp_path / "p2", "--dump-dom").stdout
    assert f'id="s-{meeting}-2"' in dom and "<mark>" in dom and "决战决胜阶段工作推进会" in dom
    # 3. a node link selects the official and filters the table to his events
    dom = _chrome(f"{url}#node-{quote('official:韩俊')}", tmp_path / "p3", "--dump-dom").stdout
    assert "<h3>韩俊</h3>" in dom and 'class="node t-Official sel"' in dom
    rows = int(re.search(r'data-table-rows="(\d+)"', dom).group(1))
    assert 0 < rows == sum(1 for e in eg.events if "official:韩俊" in e.nodes())
    # 4. the screenshot shows the network and the timeline in their colours
    shot = tmp_path / "report.png"
    _chrome(url, tmp_path / "p4", f"--screenshot={shot}", "--window-size=1280,1800")
    im = Image.open(shot).convert("RGB")
    assert im.size == (1280, 1800)

    def share(box, hex_color, tol=24):
        """The share of the box's pixels that have (about) this colour."""
        target = np.array([int(hex_color[i:i + 2], 16) for i in (1, 3, 5)])
        px = np.asarray(im.crop(box), dtype=int)
        return float((np.abs(px - target) <= tol).all(axis=-1).mean())

    network = (40, 330, 930, 910)  # the network panel under the header
    for t in ("Official", "Place", "Measure"):
        assert share(network, COLORS[t]) > 0.0005, f"no {t} nodes visible in the network"
    assert share((0, 0, 1280, 1800), "#ffffff", tol=2) < 0.9               # not a blank page
    timeline = (0, 900, 1280, 1800)
    assert share(timeline, TYPE_COLORS["MEETING"]) > 0.00005 or share(timeline, TYPE_COLORS["INSPECTION"]) > 0.00005
    shutil.copy(shot, page.with_name("report_screenshot.png"))            # kept beside the page for a look
