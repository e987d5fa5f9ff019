"""The build's inputs: the catalog of sources (optional metadata a text lacks) and the paths given,
each known by the name a source keeps across builds."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kg import cachefile
from kg.errors import BuildError
from kg.graph import ids
from kg.pipeline.inputs import expand, mirror_files
from kg.text.sources import MIRROR_FILES, load_yaml

REPO = Path(__file__).resolve().parents[2]
DEFAULT_CATALOG = Path("sources") / "catalog.yaml"


@dataclass(frozen=True)
class CatalogEntry:
    path: Path
    sid: str
    language: str | None
    kind: str | None


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
        # the ids are kg.graph.ids's: its code is part of the key
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
    base = str(path.parent.resolve())
    for i, entry in enumerate(data.get("sources") or []):
        if not isinstance(entry, Mapping) or not entry.get("file"):
            raise BuildError(f"{path}: entry {i + 1} has no `file`")
        # strings until the one Path of each entry: pathlib's joins and stats were 0.3 s at 10,000
        given_str = os.path.abspath(os.path.join(base, str(entry["file"])))
        given = Path(given_str)
        # a folder stands for the sources in it (a mirror folder: both its texts)
        for p in (expand([given]) if os.path.isdir(given_str) else [given]):
            p = _absolute(p)
            name = source_name(p)
            sid = sids.get(name)
            if sid is None:  # a name not seen with these bytes (a folder that became a mirror file)
                sid = sids[name] = ids.source_id(name)
                fresh = True
            language = entry.get("language") if p == given else None  # a folder's texts tell their own
            out.append(CatalogEntry(p, sid, language, entry.get("kind")))
    if fresh and cache is not None:
        try:
            cachefile.write(cache, (sha, data, sids))
        except OSError:
            pass  # a cache that cannot be written is only slower
    return out


def source_name(path: Path) -> str:
    """The name a source is known by: its file name, with the folder for mirror files, whose
    names (kaz.md, rus.md) are the same in every folder."""
    if path.name.lower() in MIRROR_FILES:
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
        own = mirror_files(path)
        if own:
            return own[0]
    return path
