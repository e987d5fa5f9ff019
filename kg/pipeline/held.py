"""Sources held back from a build: one bad source costs the others nothing.

A source whose record cannot be had (an unreadable file, a text that is no treaty), or whose
graph the report blames for a violation, is left out and the others are built without it. Its
last good graph, if the published build has one, stays published. The list, with each source's
reasons as the report words them (file, line, column, quoted words), is written to
DATA/held-back.json and into the published build's manifest.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterable, Sequence

from kg.graph import ids
from kg.graph.report import Report
from kg.pipeline.publish import current_build, read_manifest

HELD_FILE = "held-back.json"


@dataclass(frozen=True)
class HeldBack:
    file: str  # the source's name (folder/kaz.md for a mirror text)
    path: str | None
    reason: str  # one line
    report: str  # what a person reads to fix it: the error, or the report of its violations
    kept: str | None = None  # the graph of its that stays published (from the last good build), if any
    # what it was made from (code, bytes, record) when its own graph alone was to blame: while
    # these are the same, the next build holds it back again without trying it
    alone: str | None = None


def made_from(code: str, src) -> str:
    return f"{code}:{src.sha256}:{src.record_key}"


class HeldSet:
    """The sources held back so far in one build, and the last good graphs kept for them."""

    def __init__(self, data_dir: Path, ustore):
        last = read_manifest(data_dir)
        digests = last.get("graph_digests") or {}
        present = ustore.present()
        self._old_units = {u.graph: u for u in ustore.load_index().values()
                           if digests.get(u.graph) == u.digest and u.digest in present}
        self._old_rows = {row.get("file"): row for row in last.get("sources") or []}
        self._last = {e.get("file"): e for e in read_held(data_dir) if isinstance(e, dict)}
        self._entries: dict[str, HeldBack] = {}
        self._kept: dict[str, object] = {}  # file -> Unit

    def add(self, name: str, path: str | None, reason: str, report: str | None = None, sid: str | None = None,
            alone: str | None = None) -> None:
        row = self._old_rows.get(name)
        unit = self._old_units.get(row.get("graph")) if row else None
        if unit is not None:
            self._kept[name] = unit
        self._entries[name] = HeldBack(name, path, " ".join(reason.split()), report or reason,
                                       unit.graph if unit is not None else None, alone)

    def again(self, sources: Sequence, code: str) -> set[str]:
        """The sids of the sources the last build held back for their own graph alone and that
        are made from the same as then (code, bytes, record): held back again, with the same
        words, so that the build does not make and check everything once with them and once
        without (a rebuild of 10,000 documents: twice the resolution and the checks)."""
        out = set()
        for s in sources:
            last = self._last.get(s.file_name)
            if last and last.get("alone") and last["alone"] == made_from(code, s):
                self.add(s.file_name, s.path, last.get("reason") or "", last.get("report"), s.sid, last["alone"])
                out.add(s.sid)
        return out

    def drop_kept(self, graph: str) -> None:
        for name, u in list(self._kept.items()):
            if u.graph == graph:
                del self._kept[name]
                e = self._entries[name]
                self._entries[name] = HeldBack(e.file, e.path, e.reason, e.report, None, e.alone)

    def names(self) -> list[str]:
        return list(self._entries)

    def entries(self) -> list[HeldBack]:
        return [self._entries[k] for k in sorted(self._entries)]

    def kept_units(self) -> list:
        return list(self._kept.values())

    def published_units(self, units: Sequence) -> list:
        """The units of the published build that are not among `units`."""
        have = {u.inputs for u in units}
        return [u for u in self._old_units.values() if u.inputs not in have]

    def kept_rows(self) -> list[dict]:
        """The manifest rows of the kept graphs' sources, as the last good build had them."""
        return [dict(self._old_rows[name], kept_from_last_build=True) for name in sorted(self._kept)]

    def blame(self, report: Report, sources: Sequence, units: Sequence) -> dict:
        """{sid: [violations]} of the sources the report's violations are to be held against, and
        under None the graphs of kept units that a violation names (they go before a source
        does). A violation in one source's graph is that source's. One that spans graphs (two
        sources disagree) is held against the graphs that changed since the last published
        build, which was valid without them; when all or none did, against every graph it names.
        A violation that names no source's graph (the ontology) is no one's: nothing is held
        back for it, and the build is refused whole."""
        live = {ids.graph_iri(s.sid): s.sid for s in sources}
        kept = {u.graph for u in self._kept.values()}
        last = {u.graph: u.digest for u in self._old_units.values()}
        digest = {u.graph: u.digest for u in units}
        out: dict = {}
        for f in report.violations:
            old = [g for g in f.graphs if g in kept]
            if old:
                out.setdefault(None, set()).update(old)
                continue
            mine = [g for g in f.graphs if g in live]
            if not mine:
                continue
            changed = [g for g in mine if last.get(g) != digest.get(g)]
            for g in (changed if changed and len(changed) < len(mine) else mine):
                out.setdefault(live[g], []).append(f)
        return out


def write_held(data_dir: Path, held: Iterable[HeldBack], build: str | None) -> Path:
    """DATA/held-back.json: the sources the last build held back (an empty list when none)."""
    path = Path(data_dir) / HELD_FILE
    data = {"build": build, "held_back": [asdict(h) for h in held]}
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return path


def read_held(data_dir: Path) -> list[dict]:
    """The held-back list of the last build: DATA/held-back.json, else the published manifest's."""
    try:
        return json.loads((Path(data_dir) / HELD_FILE).read_text(encoding="utf-8")).get("held_back") or []
    except (OSError, ValueError, AttributeError):
        return read_manifest(data_dir).get("held_back") or [] if current_build(data_dir) else []


def held_text(held: Sequence) -> str:
    """The held-back list for a person: each source with its reason, then its report."""
    if not held:
        return ""
    lines = [f"{len(held)} source(s) held back (not in the published graph):"]
    for h in held:
        h = h if isinstance(h, dict) else asdict(h)
        kept = "; its last good graph stays published" if h.get("kept") else ""
        lines.append(f"- {h['file']}: {h['reason']}{kept}")
    for h in held:
        h = h if isinstance(h, dict) else asdict(h)
        if h.get("report") and h["report"] != h["reason"]:
            lines.append("")
            lines.append(f"{h['file']}:")
            lines.extend("  " + line if line else "" for line in h["report"].rstrip("\n").split("\n"))
    return "\n".join(lines) + "\n"

