"""Helpers shared by the graph tests (tests/test_graph_*.py)."""

from __future__ import annotations

import copy
import hashlib
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SOURCES = ROOT / "sources"
GOLD = SHARED / "gold"
CATALOG = SOURCES / "catalog.yaml"


def have_extraction() -> bool:
    try:
        from kg.extract import extract_file  # noqa: F401
    except ImportError:
        return False
    return True


def records_dir() -> Path | None:
    """None: build with the real extraction; else the gold records (while it is missing)."""
    return None if have_extraction() else GOLD


def gold_records() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLD.glob("0*.json"))]


def corpus_records() -> list[dict]:
    """The records of the five seeds: real extraction when present, else gold."""
    if have_extraction():
        from kg.extract import extract_file

        return [extract_file(str(p)) for p in sorted(SOURCES.glob("0*.txt"))]
    return gold_records()


def source_records(records: list[dict]):
    from kg import ids
    from kg.resolve import SourceRecord

    out = []
    for rec in records:
        name = Path(rec["source"]).name
        raw = (SOURCES / name).read_bytes()
        out.append(SourceRecord(ids.source_id(name), name, copy.deepcopy(rec), hashlib.sha256(raw).hexdigest(),
                                raw.decode("utf-8"), rec.get("language") or "kk", str(SOURCES / name)))
    return out


def cross_document() -> dict:
    return json.loads((GOLD / "cross-document.json").read_text(encoding="utf-8"))


def iri(key: str) -> str:
    from kg import ids

    out = ids.iri_for_key(key)
    assert out, key
    return out


def kg_run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """`kg ARGS` as a person runs it, in a fresh process."""
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], cwd=cwd, capture_output=True, text=True)


def rows(store, query: str) -> list[dict]:
    """SELECT rows as {var: str value} from a LocalStore/RemoteStore."""
    return [{k: v.value for k, v in r.items()} for r in store.select(query)]


def cq(name: str) -> str:
    return next((ROOT / "ontology" / "queries").glob(f"{name}*.rq")).read_text(encoding="utf-8")
