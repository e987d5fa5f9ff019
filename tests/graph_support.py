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


_CORPUS: dict[str, dict] = {}


def corpus_records() -> list[dict]:
    """The records of the five bundled seeds, extracted once per test session (fresh copies)."""
    if not _CORPUS:
        from kg.extract.record import extract_file

        for p in sorted(SOURCES.glob("0*.txt")):
            _CORPUS[p.name] = extract_file(str(p))
    return [copy.deepcopy(r) for r in _CORPUS.values()]


def corpus_by_prefix() -> dict[str, dict]:
    """`{"000": record, ...}`: the seeds by their number."""
    return {Path(r["source"]).name[:3]: r for r in corpus_records()}


def source_records(records: list[dict]):
    from kg.graph import ids
    from kg.graph.resolve import SourceRecord

    out = []
    for rec in records:
        name = Path(rec["source"]).name
        raw = (SOURCES / name).read_bytes()
        out.append(SourceRecord(ids.source_id(name), name, copy.deepcopy(rec), hashlib.sha256(raw).hexdigest(),
                                raw.decode("utf-8"), rec.get("language") or "kk", str(SOURCES / name)))
    return out


def cross_document() -> dict:
    """What must hold once the seeds are one graph (../shared/gold); without it tests skip, or fail in CI."""
    path = GOLD / "cross-document.json"
    from conftest import need_shared

    need_shared(path)
    return json.loads(path.read_text(encoding="utf-8"))


def iri(key: str) -> str:
    from kg.graph import ids

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
