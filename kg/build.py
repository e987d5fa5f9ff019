"""`kg build`: sources -> records -> resolved, validated RDF -> a published Oxigraph store.

Layout of the data dir (default ./build):

    DIR/current -> builds/<id>     symlink to the published build, swapped atomically
    DIR/builds/<id>/store/         the persistent Oxigraph store (named graph per source)
    DIR/builds/<id>/manifest.json  sources, hashes, counts
    DIR/builds/<id>/report.txt     the validation report (warnings) of that build
    DIR/cache/records/             extraction records by content hash (and extractor version)
    DIR/cache/units/<code>/        each source's graph, digested and checked (kg/units.py), and
                                   the index of the last build's units
    DIR/last-failed-report.txt     the report of the last build that was refused

A build is assembled in a staging dir and published only if it validates; a failed build
leaves `current` as it was. <id> is a hash of the dataset, so a rebuild with no change
publishes nothing new. The records source is pluggable: paths are extracted (through the
cache) with `extractor`, `records_dir` supplies ready records by file stem, and records
(dicts) may be passed directly.
"""

from __future__ import annotations

import fcntl
import gc
import hashlib
import json
import marshal
import os
import pickle
import shutil
import sys
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import pyoxigraph as ox
import yaml

from kg import cachefile, ids
from kg import namespaces as ns
from kg import rdf, resolve
from kg.errors import KgError, SourceError
from kg.resolve import SourceRecord, detect_lang
from kg.sources import decode, load_yaml
from kg.store import LocalStore, RemoteStore
from kg.units import (LazyGraphs, UnitRef, UnitStore, bulk_load, graph_unit, nquads, refs, source_units,
                      validate_units)
from kg.validate import Report

REPO = Path(__file__).resolve().parent.parent
ONTOLOGY_FILES = (REPO / "ontology" / "bilateral.ttl", REPO / "ontology" / "vocabularies.ttl")
DEFAULT_CATALOG = Path("sources") / "catalog.yaml"

# The files whose change makes cached records stale: the extraction side of the package.
_EXTRACTION_FILES = ("extract.py", "normalize*.py", "segment.py", "dates.py", "references.py",
                     "obligations.py", "article*.py", "tables/*")


class BuildError(KgError):
    """A build that could not be carried out (bad input, no extractor, unwritable data dir)."""


@dataclass(frozen=True)
class CatalogEntry:
    path: Path
    sid: str
    language: str | None
    kind: str | None


@dataclass(frozen=True)
class BuildResult:
    ok: bool
    data_dir: Path
    build_dir: Path | None
    report: Report
    changed: bool = False
    extracted: tuple[str, ...] = ()
    reused: tuple[str, ...] = ()
    timings: Mapping[str, float] = field(default_factory=dict)
    triples: int = 0
    unknown_evidence_fields: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    built: tuple[str, ...] = ()  # the source graphs built anew (the others were unchanged)


# ---------------------------------------------------------------------------------------------
# Catalog and inputs


def find_catalog(explicit: Path | None = None) -> Path:
    for c in ([explicit] if explicit else [Path.cwd() / DEFAULT_CATALOG, REPO / DEFAULT_CATALOG]):
        if c and c.is_file():
            return c
    raise BuildError(f"{explicit or DEFAULT_CATALOG}: no catalog of sources found (give SOURCES or --catalog)")


def load_catalog(path: Path, cache: Path | None = None) -> list[CatalogEntry]:
    """The catalog's entries. With `cache` (a file), its parse is kept there under the hash of
    its bytes, with the sources' ids by name: libyaml takes 0.65 s over 10,000 entries and
    their ids 0.3 s, where a whole rebuild should take 5."""
    try:
        raw = path.read_bytes()
        # the ids are kg.ids's: its code is part of the key
        sha = hashlib.sha256(raw + Path(ids.__file__).read_bytes()).hexdigest()
        got = cachefile.read(cache, tuple, ()) if cache is not None else ()
        data, sids = (got[1], got[2]) if len(got) == 3 and got[0] == sha else (None, {})
        fresh = data is None
        if fresh:
            data = load_yaml(raw.decode("utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        raise BuildError(f"{path}: cannot read the catalog: {e}") from e
    if not isinstance(data, Mapping):
        raise BuildError(f"{path}: the catalog is not a mapping with a `sources` list")
    out = []
    base = path.parent.resolve()
    for i, entry in enumerate(data.get("sources") or []):
        if not isinstance(entry, Mapping) or not entry.get("file"):
            raise BuildError(f"{path}: entry {i + 1} has no `file`")
        p = _resolve_input(_absolute(base / str(entry["file"])))
        name = source_name(p)
        sid = sids.get(name)
        if sid is None:  # a name not seen with these bytes (a folder that became a mirror file)
            sid = sids[name] = ids.source_id(name)
            fresh = True
        out.append(CatalogEntry(p, sid, entry.get("language"), entry.get("kind")))
    if fresh and cache is not None:
        try:
            cachefile.write(cache, (sha, data, sids))
        except OSError:
            pass  # a cache that cannot be written is only slower
    return out


def extractor_fingerprint(extractor: Callable | None) -> str:
    h = hashlib.sha256()
    pkg = Path(__file__).resolve().parent
    if extractor is None or getattr(extractor, "__module__", "").startswith("kg."):
        for pattern in _EXTRACTION_FILES:
            for f in sorted(pkg.glob(pattern)):
                if f.is_file():
                    h.update(f.relative_to(pkg).as_posix().encode() + b"\0" + f.read_bytes())
    if extractor is not None:
        h.update(f"{getattr(extractor, '__module__', '')}.{getattr(extractor, '__qualname__', repr(extractor))}".encode())
        mod_file = getattr(getattr(extractor, "__code__", None), "co_filename", None)
        if mod_file and Path(mod_file).is_file():
            h.update(Path(mod_file).read_bytes())
    return h.hexdigest()[:16]


def default_extractor() -> Callable[[str], dict]:
    from kg.extract import extract_file  # imported when needed: the extraction's tables are big

    return extract_file


MIRROR_NAMES = ("kaz.md", "rus.md")


def source_name(path: Path) -> str:
    """The name a source is known by: its file name, with the folder for mirror files, whose
    names (kaz.md, rus.md) are the same in every folder."""
    if path.name.lower() in MIRROR_NAMES:
        return f"{path.parent.name}/{path.name}"
    return path.name


def _absolute(path: Any) -> Path:
    """The path made absolute and normal, without resolving symlinks: a source keeps the name it
    is listed under, and 10,000 catalog entries take no 10,000 realpath walks (1.3 s, measured).
    A Path that is already both is returned as it is (making 30,000 new ones took 1 s)."""
    if isinstance(path, Path) and path.is_absolute() and "/." not in path.as_posix():
        return path
    return Path(os.path.abspath(path))


def _input_path(item: Any, known: set | frozenset = frozenset()) -> Path:
    """The file an input names; a path in `known` (the catalog's, resolved when it was read)
    is taken as it is, without a stat."""
    return item if item in known else _resolve_input(_absolute(item))


def _resolve_input(path: Path) -> Path:
    if path.is_dir():  # a mirror folder stands for its Kazakh text, as `kg extract` reads it
        for name in MIRROR_NAMES:
            if (path / name).is_file():
                return path / name
    return path


def _read_source(path: Path) -> tuple[str, str]:
    """(decoded text, sha256 of the bytes), decoded as the extraction decodes (kg.sources: UTF-8,
    UTF-16, Windows-1251), so that the text is the one its spans count into. A mirror's
    meta.yaml is not read: every build hashes every source, and only extraction needs it."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise SourceError(str(path), f"cannot read: {e.strerror or e}") from e
    text, _ = decode(str(path), data)
    return text, hashlib.sha256(data).hexdigest()


def _unread_text(src: SourceRecord) -> str | None:
    """The text of a source left unread (FileHashes), read now; None if its file is gone or no
    longer has the bytes the source was built from."""
    try:
        text, sha = _read_source(Path(src.path))
    except SourceError:
        return None
    return text if sha == src.sha256 else None


class FileHashes:
    """The sha256 of source files by their stat, so that a rebuild need not read and hash
    10,000 unchanged files (0.5 s). An entry is trusted while the file's size, times, inode and
    device are the same, and only when the file had not been modified for two seconds when it
    was hashed: a write in the same tick of the clock as the hash leaves the times as they were
    (git's rule for a racily clean index)."""

    RACY_NS = 2_000_000_000

    def __init__(self, path: Path):
        self.path = path
        self._old: dict = cachefile.read(path, dict, {})
        self._new: dict = {}

    @staticmethod
    def _stat(path: str) -> tuple | None:
        try:
            st = os.stat(path)
        except OSError:
            return None
        return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)

    def known(self, path: Path) -> tuple[str | None, tuple | None]:
        """(the file's sha256 if it is known unchanged else None, its stat now): a file not
        known is read, and `add`ed with that stat, taken before the read."""
        key = str(path)
        now = self._stat(key)
        got = self._old.get(key)
        if got is None:
            return None, now
        stat, hashed_at, sha = got
        if now != stat or stat[1] > hashed_at - self.RACY_NS:
            return None, now
        self._new[key] = got
        return sha, now

    def add(self, path: Path, sha: str, before: tuple | None, hashed_at: int) -> None:
        """Record `sha` for the file, hashed at `hashed_at` (ns) and stat'ed as `before` just
        before it was read: a change after that stat changes the stat, or falls in the two
        seconds in which an entry is not trusted."""
        if before is not None:
            self._new[str(path)] = (before, hashed_at, sha)

    def save(self) -> None:
        """Keep the entries of the files this build read, and no others."""
        try:
            cachefile.write(self.path, self._new)
        except OSError:
            pass  # a cache that cannot be written is only slower


def _source_state(path: Path, hashes: FileHashes | None) -> tuple[str | None, str]:
    """(text, sha256) of a source file; the text None when `hashes` knows the file unchanged
    (it is read when its graph is built)."""
    if hashes is None:
        return _read_source(path)
    at = time.time_ns()
    sha, before = hashes.known(path)
    if sha is not None:
        return None, sha
    text, sha = _read_source(path)
    hashes.add(path, sha, before, at)
    return text, sha


# ---------------------------------------------------------------------------------------------
# Records (with the content-hash cache)


# The parts of a record that only its source's own graph reads (kg/rdf.py), never the
# resolution: four fifths of a treaty's record. A build keeps every record in memory without
# them (and a rebuild parses 10,000 of them without them: 0.5 s instead of 3), and the worker
# that builds a source's graph reads the whole record from the cache.
GRAPH_ONLY = ("articles", "evidence")


class RecordCache:
    def __init__(self, data_dir: Path, fingerprint: str):
        self.dir = data_dir / "cache" / "records"
        self.fingerprint = fingerprint

    def key(self, sha: str) -> str:
        """A record's key (SourceRecord.record_key): the bytes and the extractor make the record."""
        return f"{sha}-{self.fingerprint}"

    @classmethod
    def of_key(cls, data_dir: Path, key: str) -> tuple["RecordCache", str]:
        """The cache and the sha256 a record key names."""
        sha, fingerprint = key.split("-", 1)
        return cls(data_dir, fingerprint), sha

    def _file(self, sha: str) -> Path:
        return self.dir / f"{self.key(sha)}.json"

    def _partial_file(self, sha: str) -> Path:
        return self.dir / f"{self.key(sha)}.partial.json"

    def has(self, sha: str) -> bool:
        """Whether the whole record is here, from one listing of the cache (a stat per source
        cost 0.3 s at 10,000)."""
        if not hasattr(self, "_names"):
            try:
                self._names = set(os.listdir(self.dir))
            except OSError:
                self._names = set()
        return f"{self.key(sha)}.json" in self._names

    # The partial records of the last builds, all in one file: 10,000 files took 0.45 s to read
    # from a warm page cache and several seconds from a cold one, the pack 0.25 s. A build reads
    # the few records missing from it from their own files, and writes the pack anew when more
    # than PACK_SLACK of the records it read were missing.
    PACK_SLACK = 0.05

    def _pack_file(self) -> Path:
        return self.dir / f"partials.{sys.implementation.cache_tag}.marshal"  # marshal's format is the Python's

    def _pack(self) -> dict:
        if not hasattr(self, "_packed"):
            try:
                data = marshal.loads(self._pack_file().read_bytes())
                self._packed = data if isinstance(data, dict) else {}
            except (OSError, ValueError, EOFError, TypeError):
                self._packed = {}
            self._used: dict = {}
            self._missed = 0
        return self._packed

    def get_partial(self, sha: str) -> dict | None:
        """The record without GRAPH_ONLY (written beside the whole one on first use); None
        without the whole one, which whoever builds the graph will read."""
        if not self.has(sha):
            return None
        key = self.key(sha)
        rec = self._pack().get(key)
        if rec is None:
            self._missed += 1
            try:
                rec = json.loads(self._partial_file(sha).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                whole = self.get(sha)
                if whole is None:
                    return None
                rec = _partial(whole)
                self._write(self._partial_file(sha), rec)
        self._used[key] = rec
        return rec

    def save_pack(self) -> None:
        """Pack the partial records read since the last save, if enough were not in the pack."""
        if not hasattr(self, "_packed") or self._missed <= self.PACK_SLACK * len(self._used):
            return
        path = self._pack_file()
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        try:
            tmp.write_bytes(marshal.dumps(self._used))
            os.replace(tmp, path)
        except (OSError, ValueError):
            tmp.unlink(missing_ok=True)  # a cache that cannot be written is only slower
        self._packed, self._used, self._missed = self._used, {}, 0

    @staticmethod
    def _write(path: Path, record: dict) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        tmp.write_text(json.dumps(record, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        os.replace(tmp, path)

    def get(self, sha: str) -> dict | None:
        try:
            return json.loads(self._file(sha).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def put(self, sha: str, record: dict) -> None:
        self._write(self._file(sha), record)
        self._write(self._partial_file(sha), _partial(record))
        if hasattr(self, "_names"):
            self._names.add(self._file(sha).name)


def _partial(record: Mapping) -> dict:
    return {k: v for k, v in record.items() if k not in GRAPH_ONLY}


def whole_record(data_dir: Path) -> Callable[[SourceRecord], SourceRecord]:
    """For a partial SourceRecord (see GRAPH_ONLY), the same with its whole record, read from
    the extraction cache of `data_dir`."""
    def whole(src: SourceRecord) -> SourceRecord:
        if not src.partial:
            return src
        cache, sha = RecordCache.of_key(Path(data_dir), src.record_key)
        path = cache._file(sha)
        try:
            rec = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise SourceError(src.file_name, f"its cached record {path} cannot be read ({e}): build again") from e
        rec["source"] = src.record.get("source")
        text = src.text
        if text is None and src.path is not None:
            text = _unread_text(src)
            if text is None:
                raise SourceError(src.path, "the file changed or went away while it was being built: build again")
        return replace(src, record=rec, text=text, partial=False)

    return whole


def _extract_one(args: tuple) -> tuple[str, dict | None, Exception | None]:
    ex, path = args
    try:
        return path, ex(path), None
    except Exception as e:  # carried back to the parent, raised there in input order
        return path, None, e


def _picklable(fn) -> bool:
    try:
        pickle.dumps(fn)
        return True
    except Exception:
        return False


def default_workers() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def prefetch_records(inputs: list, data_dir: Path, *, extractor: Callable | None = None,
                     records_dir: Path | None = None, workers: int | None = None,
                     read: dict | None = None, known: set | frozenset = frozenset(),
                     hashes: FileHashes | None = None, cache: RecordCache | None = None) -> list[str]:
    """Extract, in parallel across `workers` processes, every path input whose record is not in
    the cache yet, and put the records in the cache. Returns the names extracted; `read` gets
    {path: (text, sha256)} of the files it read, which the caller need not read again (the text
    None where `hashes` knew the file); `known` are paths already resolved (_input_path)."""
    paths = []
    for item in inputs:
        if isinstance(item, Mapping):
            continue
        path = _input_path(item, known)
        if records_dir is not None and (Path(records_dir) / (path.stem + ".json")).is_file():
            continue
        paths.append(path)
    workers = workers or default_workers()
    if not paths or workers <= 1:
        return []
    ex = extractor or default_extractor()
    if not _picklable(ex):
        return []
    cache = cache or RecordCache(data_dir, extractor_fingerprint(extractor))
    todo = []
    for path in paths:
        try:
            text, sha = _source_state(path, hashes)
        except SourceError:
            continue  # the serial pass reports it
        if read is not None:
            read[path] = (text, sha)
        if not cache.has(sha):
            todo.append((path, sha))
    if len(todo) < 2:
        return []
    import multiprocessing as mp

    done = []
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    with ctx.Pool(min(workers, len(todo))) as pool:
        shas = {str(p): sha for p, sha in todo}
        for path, rec, err in pool.imap_unordered(_extract_one, [(ex, str(p)) for p, _ in todo],
                                                  chunksize=max(1, min(16, len(todo) // (4 * workers)))):
            if err is None and isinstance(rec, Mapping):
                cache.put(shas[path], dict(rec))
                done.append(source_name(Path(path)))
    return done


def collect_records(inputs: Iterable[Any], data_dir: Path, *, extractor: Callable | None = None,
                    records_dir: Path | None = None, catalog: list[CatalogEntry] | None = None,
                    source_root: Path | None = None, workers: int | None = None, partial: bool = False
                    ) -> tuple[list[SourceRecord], list[str], list[str]]:
    """SourceRecords for paths (extracted or cached) and for records given as dicts. Records
    missing from the cache are extracted in parallel first (`workers` processes, default all
    cores); an extraction error is then raised by the serial pass, in input order. With
    `partial`, records from the cache come without GRAPH_ONLY, and files known unchanged
    (FileHashes) are not read: whole_record gives such sources their whole record and text."""
    inputs = list(inputs)
    read: dict = {}
    by_path = {e.path: e for e in (catalog or [])}
    hashes = FileHashes(Path(data_dir) / "cache" / "files.pickle") if partial else None
    cache = RecordCache(data_dir, extractor_fingerprint(extractor))  # one listing for both passes
    prefetched = set(prefetch_records(inputs, data_dir, extractor=extractor, records_dir=records_dir, read=read,
                                      workers=workers, known=by_path.keys(), hashes=hashes, cache=cache))
    by_name = {source_name(e.path): e for e in (catalog or [])}
    sources: list[SourceRecord] = []
    extracted, reused = [], []
    for item in inputs:
        if isinstance(item, Mapping):
            rec = dict(item)
            if not rec.get("source"):
                raise BuildError("a record has no `source`")
            name = source_name(Path(str(rec["source"])))
            entry = by_name.get(name)
            path = entry.path if entry else (source_root / name if source_root else None)
            text = None
            record_key = None  # a record given whole: known by its content only
            is_partial = False
            sha = rec.get("source_sha256")
            if path is not None and path.is_file():
                text, sha = _read_source(path)
        else:
            path = _input_path(item, by_path.keys())
            text, sha = read.pop(path, None) or _source_state(path, hashes)
            name = source_name(path)
            entry = by_path.get(path) or by_name.get(name)
            rec = None
            record_key = None
            is_partial = False
            if records_dir is not None:
                rfile = Path(records_dir) / (path.stem + ".json")
                if rfile.is_file():
                    try:
                        rec = json.loads(rfile.read_text(encoding="utf-8"))
                    except ValueError as e:
                        raise BuildError(f"{rfile}: not a JSON record: {e}") from e
            if rec is None:
                ex = extractor or default_extractor()
                rec = cache.get_partial(sha) if partial else cache.get(sha)
                is_partial = partial and rec is not None
                record_key = cache.key(sha)
                if rec is None:
                    rec = ex(str(path))
                    if not isinstance(rec, Mapping):
                        raise SourceError(str(path), "the extraction returned no record")
                    cache.put(sha, dict(rec))
                    extracted.append(name)
                elif name in prefetched:
                    extracted.append(name)
                else:
                    reused.append(name)
            rec = dict(rec)
            rec["source"] = str(item)
            if text is None and not is_partial:  # known unchanged, but wanted whole now
                text, sha = _read_source(path)
        if rec.get("source_sha256") and sha and rec["source_sha256"] != sha:
            raise SourceError(name, "the record was extracted from other content (source_sha256 differs): re-extract it")
        if rec.get("kind") not in ("treaty", "article"):
            raise SourceError(name, f"the record's kind is {rec.get('kind')!r}, not treaty or article")
        title = rec.get("title") or {}
        lang = rec.get("language") or (entry.language if entry else None) or detect_lang(
            next(iter(title.values()), None) if isinstance(title, Mapping) else None)
        sid = entry.sid if entry is not None and source_name(entry.path) == name else ids.source_id(name)
        sources.append(SourceRecord(sid, name, rec, sha, text, lang,
                                    str(path) if path is not None and (text is not None or is_partial) else None,
                                    record_key, is_partial))
    if hashes is not None:
        hashes.save()
    cache.save_pack()
    seen: dict[str, str] = {}
    for s in sources:
        if s.sid in seen:
            raise BuildError(f"{s.file_name}: two sources have the same name stem ({seen[s.sid]}); rename one")
        seen[s.sid] = s.file_name
    return sources, extracted, reused


# ---------------------------------------------------------------------------------------------
# Graph


@dataclass(frozen=True)
class Graph:
    """A whole dataset in memory, for callers that want every graph at hand (tests, small
    corpora); `build` works one source at a time instead (kg/units.py)."""
    sources: tuple[SourceRecord, ...]
    resolution: resolve.Resolution
    dataset: rdf.Dataset

    def texts(self) -> dict[str, str]:
        return {ids.source_iri(s.sid): s.text for s in self.sources if s.text is not None}


def make_graph(sources: list[SourceRecord], with_ontology: bool = True) -> Graph:
    res = resolve.resolve(sources)
    ds = rdf.build_dataset(sources, res, ONTOLOGY_FILES if with_ontology else ())
    return Graph(tuple(sources), res, ds)


# Part of the digest, so a new way of writing the store republishes an unchanged dataset.
# 2: the merge of the named graphs is stored as the default graph (kg.store).
# 3: a source's evidence is stored in the merge only, not in its named graph (kg.store).
STORE_LAYOUT_VERSION = 3
STORE_LAYOUT = f"store-layout {STORE_LAYOUT_VERSION}\n".encode("ascii")


def dataset_digest(digests: Mapping[str, str]) -> str:
    """The build's id: the digests of its graphs, and the store's layout."""
    lines = "".join(f"{g} {d}\n" for g, d in sorted(digests.items()))
    return hashlib.sha256(STORE_LAYOUT + lines.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------------------------------------
# Publishing


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


def _publish(data_dir: Path, units: list[UnitRef], ustore: UnitStore, sources: list[dict], report: Report,
             digest: str, extractor_fp: str | None) -> tuple[Path, bool]:
    """`sources`: manifest_rows."""
    builds = data_dir / "builds"
    builds.mkdir(parents=True, exist_ok=True)
    build_id = digest[:16]
    final = builds / build_id
    cur = current_build(data_dir)
    if cur is not None and cur == final.resolve() and (final / "store").is_dir():
        return final, False  # the same dataset is already published

    staging = _staging_dir(data_dir)
    how = _write_store(staging / "store", units, ustore, cur)
    gc.collect()  # the store is closed when the object is dropped; the swap must not race it
    manifest = {
        "build": build_id,
        "dataset_sha256": digest,
        "store_written": how,
        "store_layout": STORE_LAYOUT_VERSION,
        "graph_digests": dict(sorted((u.graph, u.digest) for u in units)),
        "triples": sum(u.triples for u in units),
        "extractor": extractor_fp,
        "graphs": dict(sorted((u.graph, u.triples) for u in units)),
        "sources": sources,
    }
    # One source a line: readable, and written by json's C encoder (indent= takes the Python one:
    # 0.4 s at 10,000 sources).
    head = json.dumps({k: v for k, v in manifest.items() if k != "sources"}, ensure_ascii=False)[:-1]
    rows = ",\n ".join(json.dumps(row, ensure_ascii=False) for row in manifest["sources"])
    (staging / "manifest.json").write_text(f'{head}, "sources": [\n {rows}\n]}}\n', encoding="utf-8")
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


@dataclass(frozen=True)
class _Graphs:
    """What the graph stage hands to the load: the units (UnitRefs), the report, and the
    manifest's rows of the sources."""
    sources: list
    units: list
    built: tuple
    extracted: tuple
    reused: tuple
    report: Report
    triples: int
    unknown: dict
    timings: dict


def _graph_stage(*, inputs, data_dir, extractor, records_dir, catalog, source_root, workers, stage, log) -> _Graphs:
    """Extract, resolve, build each source's graph (kg/units.py) and validate."""
    timings: dict[str, float] = {}
    t = time.perf_counter()
    stage("extract")
    sources, extracted, reused = collect_records(inputs, data_dir, extractor=extractor, records_dir=records_dir,
                                                 catalog=catalog, source_root=source_root, workers=workers,
                                                 partial=True)
    timings["extract"] = time.perf_counter() - t
    log(f"records: {len(sources)} ({len(extracted)} extracted, {len(reused)} from cache)")

    # The resolution is a function of the records' claims alone: the last one is reused while
    # they are the same (an edit inside an article leaves them as they were). Each source's
    # claims are known by a digest kept by its record's key, so only the changed sources' are
    # gathered when nothing needs resolving again (gathering 10,000 took 0.4 s, digesting 0.15).
    t = time.perf_counter()
    stage("resolve")
    ustore = UnitStore(data_dir / "cache" / "units")
    known = ustore.load_claim_digests()
    keys = [(s.record_key, s.sid, s.language) if s.record_key else None for s in sources]
    gathered: dict[int, tuple] = {}  # the claims of the sources digested now, gathered once
    digests = []
    for i, (k, s) in enumerate(zip(keys, sources)):
        d = known.get(k)
        if d is None:
            gathered[i] = resolve.gather([s])
            d = resolve.source_claims_digest(s, gathered[i])
        digests.append(d)
    ustore.save_claim_digests({k: d for k, d in zip(keys, digests) if k is not None})
    rkey = resolve.claims_digest(digests)
    res = ustore.load_resolution(rkey)
    if res is None:
        claims, act_claims = [], []  # gather(sources) is each source's, in order
        for i, s in enumerate(sources):
            c, a = gathered.pop(i, None) or resolve.gather([s])
            claims += c
            act_claims += a
        log(f"resolution: run ({len(claims)} mentions of instruments, {len(act_claims)} of acts)")
        res = resolve.resolve_claims(claims, act_claims)
        ustore.save_resolution(rkey, res)
        del claims, act_claims
    else:
        log("resolution: reused (the records' claims are the same as the last build's)")
    del gathered
    timings["resolve"] = time.perf_counter() - t

    # Each source's graph built, digested, checked and written by a worker: no process holds
    # the dataset (kg/units.py).
    t = time.perf_counter()
    stage("rdf")
    units, built = source_units(sources, res, ustore, workers=workers or default_workers(),
                                whole=whole_record(data_dir), resolution_key=rkey)
    units.append(graph_unit(ns.RESOLUTION_GRAPH, lambda: rdf.resolution_graph(res).triples, ustore,
                            inputs=f"resolution {rkey}"))
    ontology = set(rdf.ontology_triples(ONTOLOGY_FILES))
    units.append(graph_unit(ns.ONTOLOGY_GRAPH, ontology, ustore, check=False))
    triples = sum(u.triples for u in units)
    unknown = {s.sid: u.unknown_fields for s, u in zip(sources, units) if u.unknown_fields}
    timings["rdf"] = time.perf_counter() - t
    log(f"graph: {triples} triples in {len(units)} named graphs ({len(built)} of {len(sources)} "
        "source graphs built, the others unchanged since the last build)")

    # What spans sources: the cross-document part, the SPARQL rules, the report's spans.
    t = time.perf_counter()
    stage("validate")
    texts = _SourceTexts(sources)
    report = validate_units(units, ontology, texts, ustore, workers=workers or default_workers(), log=log)
    timings["validate"] = time.perf_counter() - t
    # The units kept for the next build here, where they are (the parent gets their UnitRefs):
    # a failed build's too, and before the store is written, whose files stay until it is.
    ustore.save_index(units, rkey)
    return _Graphs(manifest_rows(sources), refs(units), tuple(built), tuple(extracted), tuple(reused), report, triples,
                   unknown, timings)


class _SourceTexts(Mapping):
    """The sources' texts by source IRI, those left unread (FileHashes) read when asked for: the
    report reads the few that its findings' spans are in."""

    def __init__(self, sources: list[SourceRecord]):
        self._by_iri = {ids.source_iri(s.sid): s for s in sources if s.text is not None or s.path is not None}
        self._read: dict[str, str | None] = {}

    def __getitem__(self, iri: str) -> str:
        s = self._by_iri[iri]
        if s.text is not None:
            return s.text
        if iri not in self._read:
            self._read[iri] = _unread_text(s)  # changed since: no spans from it
        if self._read[iri] is None:
            raise KeyError(iri)
        return self._read[iri]

    def __iter__(self):
        return iter(self._by_iri)

    def __len__(self):
        return len(self._by_iri)


# From this many sources on, the graph stage runs in a child process: its records, resolution
# and texts (0.7 GB at 10,000 documents, and Python gives little of it back when freed) are
# gone before the store's loader needs its memory.
CHILD_MIN_SOURCES = 500


def _in_child(fn: Callable, kwargs: dict, stage: Callable, log: Callable):
    """fn(**kwargs, stage=, log=) in a forked child, its stage and log calls relayed here."""
    import multiprocessing as mp

    if "fork" not in mp.get_all_start_methods():
        return fn(**kwargs, stage=stage, log=log)
    ctx = mp.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)

    def main():
        try:
            out = ("done", fn(**kwargs, stage=lambda n: send.send(("stage", n)), log=lambda m: send.send(("log", m))))
        except BaseException as e:
            out = ("error", e)
        try:
            send.send(out)
        except Exception as e:  # an exception that does not pickle: its type and words
            send.send(("error", BuildError(f"{type(out[1]).__name__}: {out[1]} ({e})")))
        send.close()

    child = ctx.Process(target=main, name="kg-build-graphs")
    child.start()
    send.close()
    try:
        while True:
            try:
                kind, value = recv.recv()
            except EOFError:
                child.join()
                raise BuildError(f"the graph stage stopped without an answer (exit code {child.exitcode})") from None
            if kind == "stage":
                stage(value)
            elif kind == "log":
                log(value)
            elif kind == "error":
                raise value
            else:
                return value
    finally:
        recv.close()
        child.join()


def build(inputs: Iterable[Any] | None, data_dir: Path | str, *, extractor: Callable | None = None,
          records_dir: Path | None = None, catalog_path: Path | None = None, source_root: Path | None = None,
          store_url: str | None = None, chunk: int = 1, log: Callable[[str], None] | None = None,
          workers: int | None = None, on_stage: Callable[[str], None] | None = None) -> BuildResult:
    """Build and publish the graph of `inputs` (paths or records; None: the whole catalog)."""
    data_dir = Path(data_dir).resolve()
    log = log or (lambda msg: None)
    stage = on_stage or (lambda name: None)
    timings: dict[str, float] = {}

    catalog: list[CatalogEntry] = []
    try:
        catalog = load_catalog(find_catalog(catalog_path), cache=data_dir / "cache" / "catalog.pickle")
    except BuildError:
        if inputs is None:
            raise
    if inputs is None:
        inputs = [e.path for e in catalog]
    inputs = list(inputs)
    if not inputs:
        raise BuildError("nothing to build: no sources given and the catalog lists none")

    with _Lock(data_dir / ".lock"):
        for old in (data_dir / "builds").glob(".staging-*"):  # left by a build that was killed
            shutil.rmtree(old, ignore_errors=True)
        args = dict(inputs=inputs, data_dir=data_dir, extractor=extractor, records_dir=records_dir, catalog=catalog,
                    source_root=source_root or (catalog_path.parent if catalog_path else None), workers=workers)
        g = (_in_child(_graph_stage, args, stage, log) if len(inputs) >= CHILD_MIN_SOURCES
             else _graph_stage(**args, stage=stage, log=log))
        timings.update(g.timings)
        ustore = UnitStore(data_dir / "cache" / "units")

        if not g.report.conforms:
            (data_dir / "last-failed-report.txt").write_text(g.report.text(), encoding="utf-8")
            return BuildResult(False, data_dir, current_build(data_dir), g.report, False, g.extracted, g.reused,
                               timings, g.triples, g.unknown, g.built)

        t = time.perf_counter()
        stage("load")
        digest = dataset_digest({u.graph: u.digest for u in g.units})
        fp = extractor_fingerprint(extractor) if g.extracted or g.reused else None
        final, changed = _publish(data_dir, g.units, ustore, g.sources, g.report, digest, fp)
        failed = data_dir / "last-failed-report.txt"
        if failed.exists():
            failed.unlink()
        ustore.prune(g.units)
        timings["load"] = time.perf_counter() - t

        if store_url:
            t = time.perf_counter()
            remote = RemoteStore(store_url)
            graphs = LazyGraphs(g.units, ustore)
            if g.triples <= remote.BULK_QUADS:
                remote.publish({name: graphs[name] for name in graphs})  # one update: readers never see half a build
            else:
                loaded = remote.bulk_publish(graphs)
                log(f"bulk load: {loaded['quads']} quads in {loaded['requests']} request(s), {loaded['load_s']:.1f}s")
            timings["remote"] = time.perf_counter() - t
            log(f"loaded into {store_url}")

    return BuildResult(True, data_dir, final, g.report, changed, g.extracted, g.reused, timings, g.triples,
                       g.unknown, g.built)


def source_texts(manifest: Mapping) -> dict[str, str]:
    """The texts of a published build's sources, where the files are still there unchanged."""
    out = {}
    for s in manifest.get("sources", []):
        p = Path(s.get("path") or s.get("source") or "")
        try:
            raw = p.read_bytes()
        except OSError:
            continue
        if hashlib.sha256(raw).hexdigest() == s.get("sha256"):
            try:
                text, _ = _read_source(p)
            except SourceError:
                continue
            out[ids.source_iri(s["id"])] = text
    return out
