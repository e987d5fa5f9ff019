"""The extraction stage of a build: a record for every input, from the cache or extracted in
parallel, as SourceRecords the graph stage resolves."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from kg.pipeline.caches import FileHashes, RecordCache, _read_source, _source_state
from kg.pipeline.catalog import CatalogEntry, _input_path, source_name
from kg.errors import BuildError, KgError, SourceError
from kg.orphans import die_with_parent
from kg.graph import ids
from kg.graph.resolve import SourceRecord, detect_lang

# The files whose change makes cached records stale: the extraction side of the package.
_EXTRACTION_FILES = ("text/*.py", "extract/*.py", "tables/*")


def extractor_fingerprint(extractor: Callable | None) -> str:
    h = hashlib.sha256()
    pkg = Path(__file__).resolve().parents[1]
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
    from kg.extract.record import extract_file  # imported when needed: the extraction's tables are big

    return extract_file


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
    with ctx.Pool(min(workers, len(todo)), initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
        shas = {str(p): sha for p, sha in todo}
        for path, rec, err in pool.imap_unordered(_extract_one, [(ex, str(p)) for p, _ in todo],
                                                  chunksize=max(1, min(16, len(todo) // (4 * workers)))):
            if err is None and isinstance(rec, Mapping):
                cache.put(shas[path], dict(rec))
                done.append(source_name(Path(path)))
    return done


def collect_records(inputs: Iterable[Any], data_dir: Path, *, extractor: Callable | None = None,
                    records_dir: Path | None = None, catalog: list[CatalogEntry] | None = None,
                    source_root: Path | None = None, workers: int | None = None, partial: bool = False,
                    held: list | None = None) -> tuple[list[SourceRecord], list[str], list[str]]:
    """SourceRecords for paths (extracted or cached) and for records given as dicts. Records
    missing from the cache are extracted in parallel first (`workers` processes, default all
    cores); an extraction error is then raised by the serial pass, in input order. With
    `partial`, records from the cache come without GRAPH_ONLY, and files known unchanged
    (FileHashes) are not read: whole_record gives such sources their whole record and text.
    With `held` (a list), a source whose record cannot be had is left out and appended there as
    (name, path, the error's words) instead of failing the whole call."""
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
        try:
            src = _source_record(item, read=read, by_path=by_path, by_name=by_name, hashes=hashes, cache=cache,
                                 extractor=extractor, records_dir=records_dir, source_root=source_root,
                                 partial=partial, prefetched=prefetched, extracted=extracted, reused=reused)
        except Exception as e:
            if held is None:
                raise
            held.append(_failure(item, e))
            continue
        sources.append(src)
    if hashes is not None:
        hashes.save()
    cache.save_pack()
    seen: dict[str, str] = {}
    for s in sources:
        if s.sid in seen:
            raise BuildError(f"{s.file_name}: two sources have the same name stem ({seen[s.sid]}); rename one")
        seen[s.sid] = s.file_name
    return sources, extracted, reused


def _failure(item: Any, e: Exception) -> tuple[str, str | None, str]:
    """(name, path, words) of an input whose record could not be had."""
    if isinstance(item, Mapping):
        return str(item.get("source") or "a record"), None, str(e)
    path = Path(item)
    words = str(e) if isinstance(e, KgError) else f"{path}: internal error: {type(e).__name__}: {e}"
    return source_name(path), str(path), words


def _source_record(item, *, read, by_path, by_name, hashes, cache, extractor, records_dir, source_root, partial,
                   prefetched, extracted, reused) -> SourceRecord:
    """The SourceRecord of one input (appending its name to `extracted` or `reused`)."""
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
    return SourceRecord(sid, name, rec, sha, text, lang,
                        str(path) if path is not None and (text is not None or is_partial) else None,
                        record_key, is_partial)
