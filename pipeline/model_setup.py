"""Build the saved pipeline under `models/` from registry packages and the repository.

No model hub is reachable, so the segmentation model comes from the pkuseg
source distribution on PyPI (it ships the MSRA-trained model in
`pkuseg/models/default`).  Setup fetches it by name with pip, checks its
hash, converts `features.pkl` to spacy-pkuseg's `features.msgpack` once (the
only unpickling, at setup time, of a file whose hash is pinned), builds the
user dictionary from the project's lexicons, initializes the pipeline from
`configs/zh_events.cfg` and saves it with `nlp.to_disk`.  Everything it
writes under `models/` can be deleted and re-created.
"""

from __future__ import annotations

import contextlib
import csv
import gc
import hashlib
import io
import shutil
import subprocess
import sys
import tarfile
import tempfile
from importlib import resources
from pathlib import Path
from typing import Iterable, List, Optional

PKUSEG_SDIST = "pkuseg==0.0.25"
PKUSEG_SDIST_NAME = "pkuseg-0.0.25.tar.gz"
PKUSEG_SDIST_SHA256 = "dd012bf93689721c9574bc2b2ba98fb4ac22790cec0af354a78e217828b81e91"
PKUSEG_MEMBER_DIR = "pkuseg-0.0.25/pkuseg/models/default/"

REPO_ROOT = Path(__file__).resolve().parent.parent
MODELS_DIR = REPO_ROOT / "models"
CONFIG_PATH = REPO_ROOT / "configs" / "zh_events.cfg"
DEFAULT_PIPELINE = MODELS_DIR / "zh_events"


class SetupError(RuntimeError):
    pass


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def fetch_pkuseg_sdist(cache_dir: Path, log=print) -> Path:
    """Download the pkuseg sdist with pip (once) and verify its hash."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    target = cache_dir / PKUSEG_SDIST_NAME
    if not target.exists():
        log(f"fetching {PKUSEG_SDIST} (source distribution, ~49 MB) from the package index ...")
        # --no-build-isolation: its setup.py needs numpy and cython to even report metadata, and the
        # isolated build environment pip would make for it lacks 'wheel' (bdist_wheel error).
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
               "--no-build-isolation", "--quiet", "-d", str(cache_dir), PKUSEG_SDIST]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0 or not target.exists():
            raise SetupError(
                "could not download the pkuseg source distribution with pip:\n"
                + (proc.stderr.strip() or proc.stdout.strip())[-2000:]
                + "\n(needs setuptools, wheel, cython and numpy in this environment, and access to the package index)"
            )
    digest = sha256(target)
    if digest != PKUSEG_SDIST_SHA256:
        target.unlink()
        raise SetupError(f"{PKUSEG_SDIST_NAME} has sha256 {digest}, expected {PKUSEG_SDIST_SHA256}; deleted it")
    return target


def install_pkuseg_model(models_dir: Path = MODELS_DIR, log=print) -> Path:
    """models/pkuseg_msra/{features.msgpack,weights.npz}, converted from the sdist's default model."""
    out = models_dir / "pkuseg_msra"
    if (out / "features.msgpack").exists() and (out / "weights.npz").exists():
        return out
    sdist = fetch_pkuseg_sdist(models_dir / "downloads", log)
    from spacy_pkuseg.feature_extractor import FeatureExtractor

    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(sdist) as tar:
            members = [m for m in tar.getmembers()
                       if m.name.startswith(PKUSEG_MEMBER_DIR) and m.name.rsplit("/", 1)[-1] in ("features.pkl", "weights.npz")]
            if len(members) != 2:
                raise SetupError(f"{sdist.name} does not contain {PKUSEG_MEMBER_DIR}features.pkl and weights.npz")
            tar.extractall(tmp, members=members, filter="data")
        src = Path(tmp) / PKUSEG_MEMBER_DIR
        staging = models_dir / "pkuseg_msra.partial"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        log("converting pkuseg features.pkl -> features.msgpack (once) ...")
        with contextlib.redirect_stderr(io.StringIO()):  # its "features.msgpack does not exist" is expected here
            FeatureExtractor.load(str(src)).save(str(staging))
        shutil.copy(src / "weights.npz", staging / "weights.npz")
        shutil.rmtree(out, ignore_errors=True)
        staging.rename(out)  # only a complete model ever appears under its final name
    return out


def lexicon_terms(files: Iterable[str]) -> List[str]:
    """First column of each lexicon file (TSV with '#' comments and a header row)."""
    words: List[str] = []
    pkg = resources.files("pipeline.lexicons")
    for name in files:
        text = pkg.joinpath(name).read_text("utf-8")
        rows = csv.reader((l for l in text.splitlines() if l.strip() and not l.startswith("#")), delimiter="\t")
        next(rows, None)
        words.extend(r[0].strip() for r in rows if r and r[0].strip())
    return sorted(set(words))


def build_user_dict(path: Path, files: Iterable[str]) -> int:
    words = lexicon_terms(files)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(w + "\n" for w in words), encoding="utf-8")
    return len(words)


def register_components() -> None:
    """Import the modules whose decorators register the tokenizer, the components and the extensions with spaCy."""
    from . import align, entity_ruler, extensions, frame_roles, frames, learned, people, tokenizer  # noqa: F401


def build_pipeline(out_dir: Path = DEFAULT_PIPELINE, config_path: Path = CONFIG_PATH, log=print):
    """Initialize the pipeline described by `config_path` and save it to `out_dir`."""
    import spacy
    from thinc.api import Config

    register_components()

    model_dir = install_pkuseg_model(out_dir.parent, log)
    user_dict = out_dir.parent / "user_dict.txt"
    overrides = {"paths.pkuseg_model": str(model_dir), "paths.user_dict": str(user_dict)}
    config = Config().from_disk(config_path, overrides=overrides)
    n = build_user_dict(user_dict, config["zhevents"]["user_dict_lexicons"])
    log(f"user dictionary: {n} words from {', '.join(config['zhevents']['user_dict_lexicons'])}")
    nlp = spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
    nlp.initialize()
    staging = out_dir.with_name(out_dir.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    nlp.to_disk(staging)
    shutil.rmtree(out_dir, ignore_errors=True)
    staging.rename(out_dir)
    log(f"saved pipeline to {out_dir}")
    return nlp


def pipeline_is_current(out_dir: Path = DEFAULT_PIPELINE, config_path: Path = CONFIG_PATH) -> bool:
    """The saved pipeline exists and is newer than its config and lexicons."""
    meta = out_dir / "meta.json"
    if not meta.exists():
        return False
    built = meta.stat().st_mtime
    inputs = [config_path] + [Path(str(p)) for p in resources.files("pipeline.lexicons").iterdir() if str(p).endswith(".tsv")]
    return all(p.stat().st_mtime <= built for p in inputs if p.exists())


def ensure_pipeline(out_dir: Path = DEFAULT_PIPELINE, force: bool = False, log=print) -> Path:
    if force or not pipeline_is_current(out_dir):
        build_pipeline(out_dir, log=log)
    return out_dir


def load_pipeline(path: Optional[Path] = None):
    """Load a saved pipeline, with a message that says how to get one when it is missing."""
    import spacy

    register_components()

    path = Path(path) if path else DEFAULT_PIPELINE
    if not (path / "config.cfg").exists():
        raise SetupError(f"no pipeline at {path}: run `zhevents setup` (or `make demo`) to build it")
    try:
        nlp = spacy.load(path)
    except Exception as exc:
        raise SetupError(f"cannot load the pipeline at {path}: {type(exc).__name__}: {exc}") from exc
    # The lexicons, gazetteer and automata are millions of objects that live as long as the process. Every full
    # collection walked them all again while the components made their small per-story objects (a quarter of the
    # entity ruler's time); frozen, the collector skips them, and forked workers leave their pages shared.
    gc.collect()
    gc.freeze()
    return nlp
