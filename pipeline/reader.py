"""Read archives: files, directories and globs of .txt, .md, .html and .jsonl.

`read_articles` yields one `Article` per story, each with its normalized text,
the map back to the raw decoded input, and SPEC `source` metadata.  A file or
line that cannot be read yields an `Article` with `errors` and no text, so a
batch never loses a document silently.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, Iterator, List, Optional, Tuple

import yaml

from .dates import PartialDate, choose_date, date_from_filename, date_from_lead, parse_date_value
from .encoding import read_file
from .html_text import html_to_text, looks_like_html
from .markdown import markdown_stories
from .normalizer import ParagraphReport, apply_line_rules, normalize, normalize_chars
from .offsets import TrackedText
from .splitter import StoryPart, split_stories

TEXT_SUFFIXES = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html",
                 ".shtml": "html", ".xhtml": "html", ".jsonl": "jsonl", ".ndjson": "jsonl"}
# A single-article file larger than this is refused with an error record: it is a dump that needs splitting
# (JSONL, one article per line, is streamed and has no file limit, only a per-line one).
MAX_BYTES = 16 * 1024 * 1024
FRONT_MATTER_RE = re.compile(r"\A\s*---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)


@dataclass
class Article:
    """One story ready for the pipeline (or an error record when `text` is None)."""

    source: Dict
    text: Optional[TrackedText]
    errors: List[str] = field(default_factory=list)
    id: Optional[str] = None
    normalization: Dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.text is not None and len(self.text) > 0


def text_id(text: str) -> str:
    return "sha1:" + hashlib.sha1(text.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------------------------------------------
# Discovery


def expand_inputs(inputs: Iterable[str]) -> Iterator[Tuple[str, Optional[str]]]:
    """Yield (path, error) for every input: files as given, directories recursively, globs expanded.

    Missing paths and empty globs come out with an error instead of vanishing.
    """
    for item in inputs:
        p = Path(item)
        if any(ch in item for ch in "*?[") and not p.exists():
            matches = sorted(glob.glob(item, recursive=True))
            if not matches:
                yield item, f"no file matches {item!r}"
            for m in matches:
                yield from _expand_path(Path(m))
        elif p.exists():
            yield from _expand_path(p)
        else:
            yield item, f"no such file or directory: {item}"


def _expand_path(p: Path) -> Iterator[Tuple[str, Optional[str]]]:
    if p.is_dir():
        for root, dirs, files in os.walk(p):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.startswith("."):
                    continue
                fp = Path(root) / name
                if fp.suffix.lower() in TEXT_SUFFIXES:
                    yield str(fp), None
    else:
        yield str(p), None


def file_format(path: str) -> str:
    return TEXT_SUFFIXES.get(Path(path).suffix.lower(), "txt")


# ---------------------------------------------------------------------------------------------------
# Reading


def read_articles(inputs: Iterable[str], default_date: Optional[str] = None) -> Iterator[Article]:
    option_date = parse_date_value(default_date) if default_date else None
    for path, error in expand_inputs(inputs):
        if error:
            yield Article({"path": path}, None, [error])
            continue
        try:
            yield from read_path(path, option_date)
        except Exception as exc:  # a reader bug must not end the batch: report it on the record
            yield Article({"path": path}, None, [f"cannot read {path}: {type(exc).__name__}: {exc}"])


def read_path(path: str, option_date: Optional[PartialDate] = None) -> Iterator[Article]:
    fmt = file_format(path)
    try:
        size = os.path.getsize(path)
    except OSError as exc:
        yield Article({"path": path, "format": fmt}, None, [f"cannot read {path}: {exc.strerror or exc}"])
        return
    if fmt == "jsonl":
        yield from _read_jsonl(path, option_date)
        return
    if size > MAX_BYTES:
        yield Article({"path": path, "format": fmt}, None,
                      [f"file too large: {size} bytes (limit {MAX_BYTES}); split it into articles first"])
        return
    decoded = read_file(path)
    base = {"path": path, "format": fmt, "encoding": decoded.encoding}
    if decoded.text is None:
        yield Article(base, None, decoded.errors or ["unreadable file"])
        return
    yield from articles_from_text(decoded.text, base, fmt, list(decoded.errors), option_date)


def _read_jsonl(path: str, option_date: Optional[PartialDate]) -> Iterator[Article]:
    """Stream a JSONL file line by line (JSON text is UTF-8), so its size does not matter."""
    with open(path, "rb") as fh:
        for lineno, bline in enumerate(fh, start=1):
            if not bline.strip():
                continue
            yield from _jsonl_line(path, lineno, bline, option_date)


def _jsonl_line(path: str, lineno: int, bline: bytes, option_date: Optional[PartialDate]) -> Iterator[Article]:
    base = {"path": path, "format": "jsonl", "encoding": "utf-8", "line": lineno}
    if len(bline) > MAX_BYTES:
        yield Article(base, None, [f"line {lineno}: {len(bline)} bytes, over the {MAX_BYTES}-byte limit"])
        return
    try:
        line = bline.decode("utf-8-sig" if lineno == 1 else "utf-8")
    except UnicodeDecodeError as exc:
        yield Article(base, None, [f"line {lineno}: not UTF-8 ({exc.reason} at byte {exc.start})"])
        return
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        yield Article(base, None, [f"line {lineno}: invalid JSON: {exc.msg} at column {exc.colno}"])
        return
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
        yield Article(base, None, [f"line {lineno}: no 'text' string in the JSON object"])
        return
    meta = {k: obj[k] for k in ("title", "date", "url", "author") if obj.get(k) is not None}
    fmt = "html" if looks_like_html(obj["text"]) else "txt"
    yield from articles_from_text(obj["text"], dict(base, content=fmt), fmt, [], option_date,
                                  meta=meta, given_id=obj.get("id"))


def articles_from_text(raw: str, base: Dict, fmt: str, errors: List[str], option_date: Optional[PartialDate],
                       meta: Optional[Dict] = None, given_id: Optional[str] = None) -> Iterator[Article]:
    """Split one decoded text (a file or a JSONL `text`) into normalized stories."""
    meta = dict(meta or {})
    offset = 0
    fm = FRONT_MATTER_RE.match(raw)
    if fm and fmt in ("md", "html", "txt"):
        try:
            data = yaml.safe_load(fm.group(1))
            if isinstance(data, dict):
                meta = {**{k: v for k, v in data.items() if v is not None}, **meta}
                offset = fm.end()
        except yaml.YAMLError as exc:
            errors.append(f"front matter is not valid YAML: {exc.__class__.__name__}")
    body = TrackedText.from_raw(raw[offset:], offset)
    if fmt == "txt" and looks_like_html(body.text):
        fmt = "html"

    if fmt == "md":
        parts, md_meta = markdown_stories(body)
        meta = {**md_meta, **meta}
    else:
        if fmt == "html":
            html = html_to_text(body.text, offset)
            # html_to_text positions are relative to body.text + offset, i.e. already raw positions.
            body = html.text
            if html.title and "title" not in meta:
                meta["title"] = html.title
            for k, v in html.meta.items():
                meta.setdefault(k, v)
        parts = split_stories(normalize_chars(body))

    file_date = date_from_filename(Path(base.get("path", "")).name)
    meta_date = parse_date_value(meta.get("date")) if meta.get("date") is not None else None
    if meta.get("date") is not None and meta_date is None:
        errors.append(f"metadata date not understood: {meta.get('date')!r}")

    emitted = 0
    for index, part in enumerate(parts):
        story_report = ParagraphReport()
        text = normalize(part.body, story_report)
        if not len(text):
            continue
        title = _clean_title(part, meta, len(parts))
        date, date_from = choose_date(meta_date, part.dateline, file_date, option_date, date_from_lead(text.text))
        source = dict(base)
        source.update({
            "title": title,
            "date": date.iso() if date else None,
            "date_from": date_from,
            "url": part.meta.get("url") or meta.get("url"),
            "story": index,
        })
        for k in ("author", "categories", "collection"):
            if meta.get(k) is not None:
                source[k] = meta[k] if not isinstance(meta[k], (dict,)) else str(meta[k])
        if part.meta.get("section"):
            source["section"] = part.meta["section"]
        norm = {"removed": story_report.removed, "joined": story_report.joined,
                "duplicates": story_report.duplicates}
        aid = str(given_id) if given_id and len(parts) == 1 else (f"{given_id}#{index}" if given_id else text_id(text.text))
        emitted += 1
        yield Article(source, text, list(errors), aid, norm)
    if not emitted:
        yield Article(dict(base, **{k: meta.get(k) for k in ("title",) if meta.get(k)}), None,
                      errors + ["no text found"])


def _clean_title(part: StoryPart, meta: Dict, n_parts: int) -> Optional[str]:
    lines = [apply_line_rules(normalize_chars(TrackedText.from_raw(h)), ParagraphReport()).text for h in part.headlines]
    if any(lines):
        return " / ".join(l for l in lines if l)
    if n_parts == 1 and meta.get("title"):
        return normalize_chars(TrackedText.from_raw(str(meta["title"]))).text
    return None
