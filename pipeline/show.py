"""Seeing the result: frames as terminal tables (rich) and an HTML page with highlighted entities."""

from __future__ import annotations

import html as htmlmod
from pathlib import Path
from typing import Dict, List

ROLE_ORDER = ("agent", "chair", "speaker", "reporter", "attendee", "companion", "place", "target", "name", "topic",
              "addressee", "metric", "value", "measure", "context")
COLORS = {"OFFICIAL": "#f4a261", "PERSON": "#e9c46a", "TITLE": "#a8dadc", "ORG": "#8ecae6", "PLACE": "#90be6d",
          "DATE": "#cdb4db", "DIRECTIVE": "#ff8fab"}


def _args(frame: Dict, role: str) -> str:
    vals = [a.get("text") or a.get("frame") or "" for a in frame["args"] if a["role"] == role]
    return "、".join(v for v in vals if v)


def frames_tables(docs: List[Dict]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    for d in docs:
        src = d.get("source", {})
        table = Table(title=f"{src.get('title') or d.get('id')}  [{src.get('date') or 'no date'}]", show_lines=False)
        for col in ("id", "type", "trigger", "time", "who", "where / what", "measures"):
            table.add_column(col, overflow="fold")
        for f in d.get("frames", []):
            who = _args(f, "agent") or _args(f, "chair") or _args(f, "speaker") or _args(f, "reporter")
            where = "；".join(x for x in (_args(f, "place"), _args(f, "target"), _args(f, "name"), _args(f, "topic"),
                                         " ".join(filter(None, (_args(f, "metric"), _args(f, "value"))))) if x)
            table.add_row(f["id"], f["type"], f["trigger"]["text"], str((f.get("time") or {}).get("value") or ""), who, where,
                          _args(f, "measure"))
        if d.get("errors"):
            table.caption = "errors: " + "; ".join(d["errors"])
        console.print(table)


def write_html(docs: List[Dict], path: Path) -> None:
    """A self-contained page: each story's text with its entities highlighted, and its frames beside it."""
    parts = []
    for d in docs:
        marked = _render_spans(d.get("text", ""), d.get("entities", []))
        rows = "".join(
            f"<tr><td>{f['id']}</td><td>{f['type']}</td><td>{htmlmod.escape(f['trigger']['text'])}</td>"
            f"<td>{htmlmod.escape(str((f.get('time') or {}).get('value') or ''))}</td>"
            f"<td>{htmlmod.escape('; '.join(r + '=' + _args(f, r) for r in ROLE_ORDER if _args(f, r)))}</td></tr>"
            for f in d.get("frames", []))
        title = htmlmod.escape((d.get("source") or {}).get("title") or d.get("id") or "")
        parts.append(f'<section class="doc"><h2>{title}</h2><div class="cols"><div class="text">{marked}</div>'
                     f'<table class="frames"><tr><th>id</th><th>type</th><th>trigger</th><th>time</th><th>arguments</th></tr>'
                     f"{rows}</table></div></section>")
    legend = "".join(f'<span class="ent" style="background:{c}">{l}</span> ' for l, c in COLORS.items())
    page = (
        "<!doctype html><html lang='zh'><head><meta charset='utf-8'><title>zhevents</title><style>"
        "body{font-family:sans-serif;margin:1em} .cols{display:flex;gap:1em} .text{flex:3;line-height:2.2}"
        " .frames{flex:2;border-collapse:collapse;font-size:90%} .frames td,.frames th{border:1px solid #ccc;padding:2px 4px}"
        " .ent{padding:1px 3px;border-radius:3px} .ent sub{font-size:60%;margin-left:2px}</style></head><body>"
        f"<p>{legend}</p>{''.join(parts)}</body></html>"
    )
    Path(path).write_text(page, encoding="utf-8")


def _render_spans(text: str, entities: List[Dict]) -> str:
    """Non-overlapping entities as coloured marks, one colour per label; text in between escaped."""
    out, pos = [], 0
    for e in sorted(entities, key=lambda e: (e["start"], -e["end"])):
        if e["start"] < pos:
            continue
        out.append(htmlmod.escape(text[pos : e["start"]]).replace("\n", "<br>"))
        out.append(f'<mark class="ent" data-label="{e["label"]}" style="background:{COLORS.get(e["label"], "#ddd")}">'
                   f'{htmlmod.escape(text[e["start"]:e["end"]])}<sub>{e["label"]}</sub></mark>')
        pos = e["end"]
    out.append(htmlmod.escape(text[pos:]).replace("\n", "<br>"))
    return "".join(out)
