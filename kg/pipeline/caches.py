"""What a rebuild need not do again: the sha256 of files known unchanged by their stat, and the
extraction records by the hash of the bytes and the extractor."""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path

from kg import cachefile
from kg.errors import SourceError
from kg.graph.resolve import SourceRecord
from kg.text.sources import decode


def _read_source(path: Path) -> tuple[str, str]:
    """(decoded text, sha256 of the bytes), decoded as the extraction decodes (kg.text.sources: UTF-8,
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


# The parts of a record that only its source's own graph reads (kg/graph/rdf.py), never the
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
