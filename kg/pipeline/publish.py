"""Publishing a build: the store written (a fresh bulk load, or a checkpoint of the last one with
the changed graphs replaced) in a staging dir, its manifest and report, and the atomic swap of
`DATA/current`; a failed build leaves `current` as it was."""

from __future__ import annotations

import fcntl
import gc
import hashlib
import json
import os
import shutil
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import pyoxigraph as ox

from kg.pipeline.caches import _read_source
from kg.errors import BuildError, SourceError
from kg.graph import ids
from kg.graph.resolve import SourceRecord
from kg.graph.store import LocalStore
from kg.graph.units import UnitRef, UnitStore, bulk_load, nquads
from kg.graph.report import Report
from kg.graph.export import KEPT, code_digest, natural_key, part_file


# Part of the digest, so a new way of writing the store republishes an unchanged dataset.
# 2: the merge of the named graphs is stored as the default graph (kg.graph.store).
# 3: a source's evidence is stored in the merge only, not in its named graph (kg.graph.store).
STORE_LAYOUT_VERSION = 3
STORE_LAYOUT = f"store-layout {STORE_LAYOUT_VERSION}\n".encode("ascii")


def dataset_digest(digests: Mapping[str, str]) -> str:
    """The build's id: the digests of its graphs, and the store's layout."""
    lines = "".join(f"{g} {d}\n" for g, d in sorted(digests.items()))
    return hashlib.sha256(STORE_LAYOUT + lines.encode("utf-8")).hexdigest()


class _Lock:
    def __init__(self, path: Path):
        self.path = path

    def __enter__(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.fh = open(self.path, "w")
        try:
            fcntl.flock(self.fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as e:
            self.fh.close()
            raise BuildError(f"{self.path.parent}: another `kg build` is running on this data dir") from e
        return self

    def __exit__(self, *exc):
        fcntl.flock(self.fh, fcntl.LOCK_UN)
        self.fh.close()


def current_build(data_dir: Path) -> Path | None:
    link = Path(data_dir) / "current"
    if not link.exists():
        return None
    return link.resolve()


def open_store(data_dir: Path) -> LocalStore:
    cur = current_build(data_dir)
    if cur is None:
        raise BuildError(f"{data_dir}: no published build here (run `kg build --data {data_dir}`)")
    return LocalStore(cur / "store")


def read_manifest(data_dir: Path) -> dict:
    cur = current_build(data_dir)
    if cur is None:
        return {}
    try:
        return json.loads((cur / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _write_store(path: Path, units: list[UnitRef], ustore: UnitStore, previous: Path | None) -> str:
    """Write the build's store at `path`: a checkpoint of the previous build's store with only
    the changed graphs replaced when most graphs are unchanged (a RocksDB checkpoint hard-links
    its files, so it is instant and leaves the previous build untouched), else a fresh bulk
    load of the unit files, streamed (no process holds the dataset). Returns how it was written."""
    old = read_manifest_at(previous) if previous is not None else {}
    # A store of another layout is never patched: its graphs hold what this code's do not.
    old_digests = (old.get("graph_digests") or {}) if old.get("store_layout") == STORE_LAYOUT_VERSION else {}
    digests = {u.graph: u.digest for u in units}
    changed = [u for u in units if old_digests.get(u.graph) != u.digest]
    removed = set(old_digests) - set(digests)
    # The replaced graphs' evidence is in the merge only; their last units' files name it.
    gone = [UnitRef(g, old_digests[g], 0) for g in sorted({u.graph for u in changed} | removed) if g in old_digests]
    if (not old_digests or not (previous / "store").is_dir() or (len(changed) + len(removed)) * 2 > len(digests)
            or not all(u.digest in ustore.present() for u in gone)):
        st = ox.Store(str(path))
        bulk_load(st, nquads(units, ustore))
        st.flush()
        st.optimize()  # the loads leave many small files; compacted, cq07 ran in 19 s instead of 23 (1k)
        del st
        return "full"
    ox.Store.read_only(str(previous / "store")).backup(str(path))
    st = ox.Store(str(path))
    stale: set = set()  # triples of replaced graphs, which the merge may no longer need
    for g in sorted({u.graph for u in changed} | removed):
        G = ox.NamedNode(g)
        stale.update((q.subject, q.predicate, q.object) for q in st.quads_for_pattern(None, None, None, G))
        st.remove_graph(G)
    default = ox.DefaultGraph()
    for u in gone:  # no other graph states a source's evidence: it goes, and comes back if still made
        for t in ox.parse(ustore.read(u, "evidence"), format=ox.RdfFormat.N_TRIPLES):
            st.remove(ox.Quad(t.subject, t.predicate, t.object, default))
    bulk_load(st, nquads(changed, ustore))
    for s_, p_, o_ in stale:
        held = any(not isinstance(q.graph_name, ox.DefaultGraph) for q in st.quads_for_pattern(s_, p_, o_, None))
        if not held:
            st.remove(ox.Quad(s_, p_, o_, default))
    st.flush()
    del st
    return f"delta: {len(changed)} graph(s) replaced, {len(removed)} removed"


def read_manifest_at(build_dir: Path) -> dict:
    try:
        return json.loads((build_dir / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _staging_dir(data_dir: Path) -> Path:
    staging = data_dir / "builds" / f".staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    return staging


def manifest_rows(sources: Iterable[SourceRecord]) -> list[dict]:
    """What the manifest says of each source."""
    return [{"file": s.file_name, "source": str(s.record.get("source")), "path": s.path, "id": s.sid,
             "sha256": s.sha256, "kind": s.kind, "language": s.language, "graph": ids.graph_iri(s.sid)}
            for s in sources]


def _manifest_text(manifest: dict) -> str:
    # One source a line: readable, and written by json's C encoder (indent= takes the Python one:
    # 0.4 s at 10,000 sources).
    head = json.dumps({k: v for k, v in manifest.items() if k != "sources"}, ensure_ascii=False)[:-1]
    rows = ",\n ".join(json.dumps(row, ensure_ascii=False) for row in manifest["sources"])
    return f'{head}, "sources": [\n {rows}\n]}}\n'


def _publish(data_dir: Path, units: list[UnitRef], ustore: UnitStore, sources: list[dict], report: Report,
             digest: str, extractor_fp: str | None, held: list | None = None) -> tuple[Path, bool]:
    """`sources`: manifest_rows; `held`: the sources held back (kg.pipeline.held), for the manifest."""
    builds = data_dir / "builds"
    builds.mkdir(parents=True, exist_ok=True)
    build_id = digest[:16]
    final = builds / build_id
    cur = current_build(data_dir)
    manifest = {
        "build": build_id,
        "dataset_sha256": digest,
        "store_written": None,
        "store_layout": STORE_LAYOUT_VERSION,
        "graph_digests": dict(sorted((u.graph, u.digest) for u in units)),
        "triples": sum(u.triples for u in units),
        "extractor": extractor_fp,
        "graphs": dict(sorted((u.graph, u.triples) for u in units)),
        # of those, each source's own evidence, stored in the merge only (kg.graph.store)
        "graph_evidence": dict(sorted((u.graph, u.evidence) for u in units if u.evidence)),
        # where each graph's N-Triples are (DIR/cache/units/<this>/), for the exports
        "units": ustore.code,
        "held_back": held or [],
        "sources": sources,
    }
    if cur is not None and cur == final.resolve() and (final / "store").is_dir():
        # The same dataset is already published; what the manifest says of it may not be (the
        # unit files of new code, the sources' paths): said anew, the store left as it is.
        old = read_manifest_at(final)
        manifest["store_written"] = old.get("store_written")
        text = _manifest_text(manifest)
        if old != json.loads(text):
            tmp = final / f".manifest.json.{os.getpid()}"
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, final / "manifest.json")
        return final, False

    staging = _staging_dir(data_dir)
    manifest["store_written"] = _write_store(staging / "store", units, ustore, cur)
    gc.collect()  # the store is closed when the object is dropped; the swap must not race it
    (staging / "manifest.json").write_text(_manifest_text(manifest), encoding="utf-8")
    (staging / "report.txt").write_text(report.text(), encoding="utf-8")
    if final.exists():
        shutil.rmtree(final)
    os.replace(staging, final)

    tmp_link = data_dir / f".current-{os.getpid()}"
    if tmp_link.is_symlink() or tmp_link.exists():
        tmp_link.unlink()
    os.symlink(Path("builds") / build_id, tmp_link)
    os.replace(tmp_link, data_dir / "current")  # atomic: readers see the old or the new build

    keep = {final.resolve()} | ({cur} if cur is not None else set())
    for d in builds.iterdir():
        if d.resolve() not in keep and not d.name.startswith(".staging-"):
            shutil.rmtree(d, ignore_errors=True)
    return final, True


def published_parts(build_dir: Path, fmt: str | None = None) -> list[tuple] | None:
    """(graph IRI, a reader of its N-Triples[, the file its part of an export in `fmt` is kept
    in]) for every graph of the build at `build_dir`, in the exports' order, from the unit files
    the build was loaded from; None when the manifest names none (an older build) or one is gone,
    for the caller to read the store instead. N-Quads are made at the speed of a copy and are
    not kept."""
    m = read_manifest_at(build_dir)
    code, digests = m.get("units"), m.get("graph_digests") or {}
    if not code or not digests:
        return None
    ustore = UnitStore(build_dir.parent.parent / "cache" / "units", code)
    present = ustore.present()
    if not all(d in present for d in digests.values()):
        return None
    data_dir = build_dir.parent.parent
    out = []
    for g in sorted(digests, key=natural_key):
        files = ustore.files(UnitRef(g, digests[g], 0))
        keep = part_file(data_dir, fmt, g, digests[g]) if fmt else None
        out.append((g, files) if keep is None else (g, files, keep))
    return out


def prune_exports(data_dir: Path, units: Iterable[UnitRef]) -> None:
    """Forget the export parts no graph of `units` has, and those of another export code."""
    root = data_dir / "cache" / "exports"
    if not root.is_dir():
        return
    mine = root / code_digest()
    keep = {part_file(data_dir, KEPT[0], u.graph, u.digest).rsplit("/", 1)[1] for u in units}
    for code in root.iterdir():
        if code != mine:
            shutil.rmtree(code, ignore_errors=True)
            continue
        for fmt in code.iterdir():
            for sub in fmt.iterdir() if fmt.is_dir() else ():
                for name in os.listdir(sub):
                    if name not in keep:
                        try:
                            os.unlink(sub / name)
                        except FileNotFoundError:
                            pass


def source_texts(manifest: Mapping) -> "PublishedTexts":
    """The texts of a published build's sources, where the files are still there unchanged."""
    return PublishedTexts(manifest)


class PublishedTexts(Mapping):
    """A published build's source texts by source IRI, each file read (and held to its sha256)
    when first asked for, the last `keep` read kept: a page shows one or two of 10,000, and
    reading them all was the first instrument page's 2 s wait (measured)."""

    def __init__(self, manifest: Mapping, keep: int = 256):
        self._where = {ids.source_iri(s["id"]): s for s in manifest.get("sources", []) if s.get("id")}
        self._read: OrderedDict[str, str | None] = OrderedDict()
        self._keep = keep
        self._lock = threading.Lock()

    def __getitem__(self, iri: str) -> str:
        with self._lock:
            if iri in self._read:
                self._read.move_to_end(iri)
                text = self._read[iri]
                if text is None:
                    raise KeyError(iri)
                return text
        text = _published_text(self._where[iri])
        with self._lock:
            self._read[iri] = text
            while len(self._read) > self._keep:
                self._read.popitem(last=False)
        if text is None:
            raise KeyError(iri)
        return text

    def __iter__(self):
        return (iri for iri in self._where if self.get(iri) is not None)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _published_text(s: Mapping) -> str | None:
    p = Path(s.get("path") or s.get("source") or "")
    try:
        raw = p.read_bytes()
    except OSError:
        return None
    if hashlib.sha256(raw).hexdigest() != s.get("sha256"):
        return None  # changed since the build: its offsets are not this text's
    try:
        return _read_source(p)[0]
    except SourceError:
        return None
