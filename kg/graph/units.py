"""Source units: each source's graph built, digested, checked and written on its own.

A build of 10,000 documents is about 14 million triples. Holding them as one dataset took
4 GB, and every later stage (digests, checks, the load) walked all of it again, also after one
source changed. Here a forked worker turns one source into its *unit* at a time: the graph is
built, its sorted N-Triples lines are its digest and its file, the SHACL shapes check it, and
what the stages after need of it is kept in a small summary: the subjects with their byte
offsets in the file (for the cross-document part), the triples the cross-node rules can
match (a side file), the nodes its evidence is about (for the report's source spans). No
process holds more than one source's graph, and the store is bulk-loaded from the files.

A unit is kept between builds, keyed by what it was built from: the source's bytes and
record, the code, and the answers it got from the cross-document resolution. The resolution
is read through a recorder, so a rebuild replays a unit's lookups against the new resolution
and reuses the unit when every answer is the same (a new treaty that another source cites
changes the citing unit, and only that one).
"""

from __future__ import annotations

import bisect
import hashlib
import io
import json
import os
import shutil
import zlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping, Sequence

import numpy as np
import pyoxigraph as ox

from kg import cachefile
from kg.graph import export
from kg.graph import ids
from kg.graph import rdf
from kg.graph import namespaces as ns
from kg.graph.resolve import Resolution, SourceRecord
from kg.graph.report import Finding, Report
from kg.graph.validate import (SourcePass, _in_forked_workers, assemble_report, compiled_shapes, cross_findings, nt_lines, rule_findings, rule_triples, source_pass)

REPO = Path(__file__).resolve().parents[2]
_MISSING = "\0missing"


# ---------------------------------------------------------------------------------------------
# Hashes of nodes (stable across processes and builds, unlike hash())


def _h(token: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(token, digest_size=8).digest(), "little")


def node_hash(iri: str) -> int:
    """The hash of a node as its N-Triples token `<iri>`, the form the unit files hold."""
    return _h(b"<" + iri.encode("utf-8") + b">")


def _u64(values: Iterable[int]) -> bytes:
    return np.fromiter(values, dtype=np.uint64).tobytes()


def _arr(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype=np.uint64)


# ---------------------------------------------------------------------------------------------
# What a unit was built from


def code_digest() -> str:
    """The code and data a unit depends on: the package, its tables, the shapes and ontology."""
    h = hashlib.sha256(b"units 1\n")
    for pattern in ("kg/*.py", "kg/text/*.py", "kg/extract/*.py", "kg/graph/*.py", "kg/pipeline/*.py", "kg/tables/*", "shapes/*.ttl", "ontology/*.ttl"):
        for f in sorted(REPO.glob(pattern)):
            if f.is_file():
                h.update(f.relative_to(REPO).as_posix().encode() + b"\0" + f.read_bytes())
    return h.hexdigest()[:16]


def inputs_key(src: SourceRecord) -> str:
    """Everything a source graph is built from except the resolution: the file's bytes (and so
    its text, at hand when `path` is), its name and language, and the record (by its cache key
    when it came from the extraction cache, which the bytes and the extractor determine, else by
    its content)."""
    record = src.record_key or hashlib.sha256(
        json.dumps(src.record, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8")).hexdigest()
    h = hashlib.sha256("\0".join(map(str, (src.sid, src.file_name, src.sha256, src.language, src.path,
                                           src.record.get("source"), record))).encode())
    return h.hexdigest()


class _Recorder(Mapping):
    """A mapping of the resolution that logs every key read from it. Iterating it would make
    the graph depend on all of it, which a source graph must not: that is logged as '*', and
    such a unit is never reused."""

    def __init__(self, name: str, data: Mapping, log: list):
        self._name, self._data, self._log = name, data, log

    def __getitem__(self, key):
        self._log.append((self._name, key))
        return self._data[key]

    def get(self, key, default=None):
        self._log.append((self._name, key))
        return self._data.get(key, default)

    def __contains__(self, key):
        self._log.append((self._name, key))
        return key in self._data

    def __iter__(self):
        self._log.append((self._name, "*"))
        return iter(self._data)

    def __len__(self):
        self._log.append((self._name, "*"))
        return len(self._data)


_MAPS = ("instruments", "claim_iri", "acts", "act_iri", "primary_title")


class _Indexed(Mapping):
    """A sequence seen as a mapping from index to item, without a copy."""

    def __init__(self, items: Sequence):
        self._items = items

    def __getitem__(self, i):
        if not isinstance(i, int) or not 0 <= i < len(self._items):
            raise KeyError(i)
        return self._items[i]

    def __iter__(self):
        return iter(range(len(self._items)))

    def __len__(self):
        return len(self._items)


def recording(res: Resolution, log: list) -> Resolution:
    return replace(res, decisions=_Recorder("decisions", _Indexed(res.decisions), log),
                   **{m: _Recorder(m, getattr(res, m), log) for m in _MAPS})


def answers(res: Resolution, lookups: Sequence[tuple]) -> str | None:
    """The digest of what `lookups` read from `res` (None when a lookup read all of it)."""
    h = hashlib.sha256()
    for name, key in lookups:
        if key == "*":
            return None
        data = getattr(res, name)
        if name == "decisions":
            data = _Indexed(data)
        h.update(repr((name, key, data.get(key, _MISSING))).encode("utf-8"))
    return h.hexdigest()


# ---------------------------------------------------------------------------------------------
# A unit


@dataclass(frozen=True)
class Unit:
    graph: str  # the named graph's IRI
    inputs: str  # inputs_key; for a graph built whole, what it is made from ("resolution <claims digest>") or ""
    lookups: tuple  # (map, key) read from the resolution, in order
    answers: str | None  # their digest: the unit is reused while the new resolution gives it
    digest: str  # sha256 of the sorted N-Triples lines: the file's name, the graph's digest
    triples: int
    subjects: bytes  # uint64 hashes of the subjects outside the source's evidence, in the file's order
    offsets: bytes  # uint64 byte offset of each subject's lines in the file, then the end
    about: bytes  # uint64 hashes of the nodes the graph's evidence is about
    passed: SourcePass  # the SHACL results and span problems (evidence_nodes: see `about`)
    unknown_fields: tuple = ()
    blocks: bytes = b""  # uint64 hash of each subject's lines, beside `subjects`
    rules_digest: str | None = None  # sha256 of the lines the cross-node rules can match
    evidence: int = 0  # of `triples`, those of the source's own evidence (its evidence file)


def make_unit(graph: str, triples: set, *, texts: Mapping[str, str], shapes, rule_filter: Callable | None,
              store: "UnitStore", sid: str | None = None, inputs: str = "", lookups: tuple = (),
              answers_digest: str | None = None, unknown: tuple = (), check: bool = True,
              parts: bool = True) -> Unit:
    """Digest, check and write one graph. The source's own evidence nodes (`sid`'s, which no
    other graph can describe) go to a file of their own: the cross-document part reads the
    rest only, a fifth of the triples."""
    lines = nt_lines(triples)
    digest = hashlib.sha256("".join(lines).encode("utf-8")).hexdigest()
    lo = hi = 0
    if sid is not None:
        own = "<" + ids.evidence_prefix(sid)
        lo = bisect.bisect_left(lines, own)
        hi = bisect.bisect_left(lines, own[:-1] + chr(ord(own[-1]) + 1))
    facts = "".join(lines[:lo] + lines[hi:]).encode("utf-8")
    evidence = "".join(lines[lo:hi]).encode("utf-8")
    subjects, offsets = [], []
    prev = None
    pos = 0
    for line in facts.split(b"\n")[:-1]:
        tok = line[:line.index(b" ")]
        if tok != prev:
            subjects.append(_h(tok))
            offsets.append(pos)
            prev = tok
        pos += len(line) + 1
    offsets.append(pos)
    blocks = [_h(facts[a:b]) for a, b in zip(offsets, offsets[1:])]
    rules = None
    if rule_filter is not None:
        rules = "".join(sorted(f"{s} {p} {o} .\n" for s, p, o in triples if rule_filter(p, o))).encode("utf-8")
    store.write(digest, facts, evidence, rules)
    if parts and store.parts_of is not None:
        export.keep_parts(store.parts_of, graph, digest, facts + evidence)
    if check:
        sp = source_pass(graph, triples, shapes, texts)
        about = _u64(sorted({node_hash(n) for n in sp.evidence_nodes}))
        sp = SourcePass(sp.shacl, sp.spans, (), sp.texts)
    else:
        sp, about = SourcePass((), (), (), ()), b""
    return Unit(graph, inputs, lookups, answers_digest, digest, len(triples), _u64(subjects), _u64(offsets),
                about, sp, unknown, _u64(blocks), hashlib.sha256(rules).hexdigest() if rules is not None else None,
                hi - lo)


@dataclass(frozen=True)
class UnitRef:
    """What the store's load needs of a unit (its files are found by the digest): a few bytes
    where a whole Unit is a kilobyte, so a graph stage run in a child process hands 10,000 of
    them back in no time."""
    graph: str
    digest: str
    triples: int
    evidence: int = 0


def refs(units: Iterable[Unit]) -> list[UnitRef]:
    return [UnitRef(u.graph, u.digest, u.triples, u.evidence) for u in units]


def source_unit(src: SourceRecord, res: Resolution, store: "UnitStore", shapes, rules: Callable | None) -> Unit:
    log: list = []
    g = rdf.source_graph(src, recording(res, log))
    lookups = tuple(log)
    texts = {ids.source_iri(src.sid): src.text} if src.text is not None else {}
    return make_unit(g.graph.value, g.triples, texts=texts, shapes=shapes, rule_filter=rules, store=store,
                     sid=src.sid, inputs=inputs_key(src), lookups=lookups, answers_digest=answers(res, lookups),
                     unknown=tuple(g.unknown_fields))


# ---------------------------------------------------------------------------------------------
# Where units live: DIR/cache/units/<code digest>/


@dataclass(frozen=True)
class UnitFiles:
    """A unit's files, read when called: a few bytes to hand to another process, which reads
    and inflates them itself."""
    facts: str
    evidence: str

    def __call__(self) -> bytes:
        return inflate(self.facts) + inflate(self.evidence)


def inflate(path: str) -> bytes:
    """A unit file's N-Triples."""
    try:
        with open(path, "rb") as f:
            return zlib.decompress(f.read())
    except (OSError, zlib.error) as e:
        from kg.errors import KgError

        raise KgError(f"{path}: cannot read this cached graph ({e}); delete it and build again") from e


class UnitStore:
    """Unit files by graph digest (zlib-compressed N-Triples: 344 MB for the 10,000-document
    benchmark, about a sixth of the text), and one index of the last build's units (one file:
    10,000 small ones cost more to read than they save)."""

    def __init__(self, root: Path, code: str | None = None, parts_of: Path | None = None):
        """`parts_of`: the data dir under which each unit written gets its kept export parts
        (kg.graph.export.keep_parts); None: none are made."""
        self.code = code or code_digest()
        self.dir = Path(root) / self.code
        self.index_path = self.dir / "index.pickle"
        self.parts_of = parts_of

    _SUFFIX = {"facts": ".nt.z", "evidence": ".evidence.nt.z", "rules": ".rules.nt.z"}

    def _file(self, digest: str, part: str = "facts") -> Path:
        # One string, one Path: pathlib's joins cost 1.3 s over a 10,000-source build (measured).
        return Path(f"{self.dir}/{digest[:2]}/{digest}{self._SUFFIX[part]}")

    def write(self, digest: str, facts: bytes, evidence: bytes, rules: bytes | None) -> None:
        for part, data in (("evidence", evidence), ("rules", rules), ("facts", facts)):  # facts last: see present()
            path = self._file(digest, part)
            if data is None or path.is_file():
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.{os.getpid()}")
            tmp.write_bytes(zlib.compress(data, 1))
            os.replace(tmp, path)
        if hasattr(self, "_present"):
            self._present.add(digest)

    def present(self) -> set[str]:
        """The digests whose facts file is here: one listing of the store, made once, instead of
        a stat per unit (10,000 stats and paths took 0.3 s). Files that forked workers write
        later are missing from it, which only makes a unit that could be reused be made again."""
        if not hasattr(self, "_present"):
            suffix = self._SUFFIX["facts"]
            self._present: set[str] = {n[:-len(suffix)] for _, n in self._listing() if n.endswith(suffix)}
        return self._present

    def _listing(self) -> Iterator[tuple[str, str]]:
        """(directory, name) of every unit file, one listing per directory (a temporary file of
        a writer, named with a leading dot, left out)."""
        try:
            subs = [e.path for e in os.scandir(self.dir) if e.is_dir()]
        except OSError:
            return
        for sub in subs:
            for name in os.listdir(sub):
                if not name.startswith("."):
                    yield sub, name

    def read(self, unit: Unit | UnitRef, part: str = "facts") -> bytes:
        """The unit's N-Triples: "facts" (where the subjects' offsets count), "evidence",
        "rules", or "all" (facts then evidence)."""
        if part == "all":
            return self.files(unit)()
        return inflate(str(self._file(unit.digest, part)))

    def files(self, unit: Unit | UnitRef) -> "UnitFiles":
        """What reads the unit's N-Triples (facts then evidence) when called, in any process."""
        return UnitFiles(str(self._file(unit.digest)), str(self._file(unit.digest, "evidence")))

    def has_rules(self, unit: Unit) -> bool:
        return self._file(unit.digest, "rules").is_file()

    def triples(self, unit: Unit | UnitRef) -> set:
        return {(t.subject, t.predicate, t.object) for t in ox.parse(self.read(unit, "all"), format=ox.RdfFormat.N_TRIPLES)}

    def load_index(self) -> dict[str, Unit]:
        """The last build's units by their inputs (inputs_key)."""
        return self._load_index()[0]

    def index_resolution(self) -> str | None:
        """The claims_digest of the resolution the last build's units were made with."""
        return self._load_index()[1]

    def _load_index(self) -> tuple[dict, str | None]:
        if not hasattr(self, "_index"):
            data = cachefile.read(self.index_path, dict, {})
            units, resolution = data.get("units"), data.get("resolution")
            self._index = (units, resolution) if isinstance(units, dict) else ({}, None)
        return self._index

    def save_index(self, units: Iterable[Unit], resolution: str | None = None) -> None:
        """Keep the units of this build, made with the resolution whose claims_digest is
        `resolution`; caches of other code digests go."""
        cachefile.write(self.index_path, {"units": {u.inputs: u for u in units if u.inputs}, "resolution": resolution})
        self.__dict__.pop("_index", None)
        for other in self.dir.parent.iterdir():
            if other.is_dir() and other != self.dir:
                shutil.rmtree(other, ignore_errors=True)

    def load_claim_digests(self) -> dict:
        """{(record key, source id, language): source_claims_digest} of the last build."""
        return cachefile.read(self.dir / "claims.pickle", dict, {})

    def save_claim_digests(self, digests: dict) -> None:
        cachefile.write(self.dir / "claims.pickle", digests)

    # Named by its key, so a build whose claims changed does not unpickle the last one (0.25 s
    # at 10,000) only to find it is of other claims.
    def _resolution_file(self, key: str) -> Path:
        return self.dir / f"resolution-{key[:32]}.pickle"

    # Two resolutions are kept: a build that holds a source back resolves twice, with it and
    # without it, and so does the next one; with one kept, each resolved again (7-10 s at 10,000).
    RESOLUTIONS_KEPT = 2

    def load_resolution(self, key: str) -> Resolution | None:
        """The resolution made from claims whose claims_digest is `key`, if one was kept."""
        path = self._resolution_file(key)
        got = cachefile.read(path, tuple, ())
        if len(got) == 2 and got[0] == key and isinstance(got[1], Resolution):
            try:
                os.utime(path)  # used now: the last to go
            except OSError:
                pass
            return got[1]
        return None

    def save_resolution(self, key: str, res: Resolution) -> None:
        """Keep `res`, and of the others the most recently used."""
        path = self._resolution_file(key)
        cachefile.write(path, (key, res))
        def used(p: Path) -> float:
            try:
                return p.stat().st_mtime
            except OSError:  # gone meanwhile
                return 0.0
        others = sorted((p for p in self.dir.glob("resolution-*.pickle") if p != path), key=used, reverse=True)
        for old in others[self.RESOLUTIONS_KEPT - 1:]:
            old.unlink(missing_ok=True)

    def load_checks(self) -> dict:
        """{check: [(key, findings)]} of the last builds' cross-document checks, newest first."""
        got = cachefile.read(self.dir / "checks.pickle", dict, {})
        return {k: v for k, v in got.items() if isinstance(v, list)}

    def save_checks(self, checks: dict) -> None:
        cachefile.write(self.dir / "checks.pickle", checks)

    def prune(self, keep: Iterable[Unit | UnitRef]) -> None:
        """Delete the unit files no unit of `keep` uses (names as strings, not Paths: 30,000
        Paths took 0.5 s)."""
        names = {u.digest + suffix for u in keep for suffix in self._SUFFIX.values()}
        for sub, name in list(self._listing()):
            if name not in names:
                try:
                    os.unlink(f"{sub}/{name}")
                except FileNotFoundError:
                    pass
        self.__dict__.pop("_present", None)  # listed before some of its files went


# ---------------------------------------------------------------------------------------------
# Building the units of a build, across forked workers

def _unit_part(shared, todo: list[int]) -> list[tuple]:
    """(unit, None) or (None, the error's words) for each source of `todo`, in a worker."""
    sources, res, store, shapes, rules, whole = shared
    out = []
    for i in todo:
        try:
            out.append((source_unit(whole(sources[i]) if whole else sources[i], res, store, shapes, rules), None))
        except Exception as e:  # raised in the parent, with the file's name
            out.append((None, f"{type(e).__name__}: {e}"))
    return out


# One process is faster below this many sources to build (forking and the pool cost ~0.1 s).
PARALLEL_MIN_SOURCES = 40


def source_units(sources: Sequence[SourceRecord], res: Resolution, store: UnitStore, *,
                 workers: int = 1, whole: Callable[[SourceRecord], SourceRecord] | None = None,
                 resolution_key: str | None = None) -> tuple[list[Unit], list[str]]:
    """The unit of every source, reused from the last build where its inputs and its answers
    from the resolution are the same; `whole` gives a partial source its whole record before its
    graph is built (kg.pipeline.build.whole_record); `resolution_key` is `res`'s claims_digest. Returns
    the units (in source order) and the names of the graphs built anew."""
    from kg.errors import SourceError

    index = store.load_index()
    # The same resolution as the last build's gives every unit of it the same answers.
    same = resolution_key is not None and resolution_key == store.index_resolution()
    present = store.present()
    units: list[Unit | None] = [None] * len(sources)
    todo = []
    for i, src in enumerate(sources):
        u = index.get(inputs_key(src))
        if (u is not None and u.answers is not None and u.digest in present
                and (same or answers(res, u.lookups) == u.answers)):
            units[i] = u
        else:
            todo.append(i)
    workers = workers if len(todo) >= PARALLEL_MIN_SOURCES else 1
    parts = [todo[k::workers] for k in range(workers)] if todo else []
    shared = (sources, res, store, compiled_shapes("bilateral.ttl"), rule_triples(), whole)
    for part, results in zip(parts, _in_forked_workers(shared, _unit_part, parts, workers)):
        for i, (unit, err) in zip(part, results):
            if err is not None:
                raise SourceError(sources[i].file_name, f"cannot build its graph: {err}")
            units[i] = unit
    return units, [units[i].graph for i in todo]


def graph_unit(graph: str, triples: set | Callable[[], set], store: UnitStore, *, check: bool = True,
               inputs: str = "") -> Unit:
    """The unit of a graph built whole in this process (the resolution's graph, the ontology).
    With `inputs` (what the triples are made from), the last build's unit of the same inputs
    is reused, and `triples` may be a function that makes them only when needed."""
    last = store.load_index().get(inputs) if inputs else None
    if last is not None and last.graph == graph and last.digest in store.present():
        return last
    # a graph of the whole corpus, remade when any source changes: its export parts are made by
    # the export that needs them, not by every rebuild
    return make_unit(graph, triples() if callable(triples) else triples, texts={},
                     shapes=compiled_shapes("bilateral.ttl"), rule_filter=rule_triples() if check else None,
                     store=store, check=check, inputs=inputs, parts=False)


# ---------------------------------------------------------------------------------------------
# The checks that span units


class Where:
    """Which graphs describe a node, looked up by the node's hash in every unit's subjects (all
    of them in one sorted array); a source's evidence node is in that source's graph only."""

    def __init__(self, units: Sequence[Unit]):
        arrays = [_arr(u.subjects) for u in units]
        self.sizes = [len(a) for a in arrays]
        hashes = np.concatenate(arrays) if arrays else np.zeros(0, dtype=np.uint64)
        self.order = np.argsort(hashes, kind="stable")
        self.units, self.hashes = units, hashes[self.order]
        self.owner = np.repeat(np.arange(len(arrays)), self.sizes)[self.order]
        self.graphs = {u.graph for u in units}

    def shared(self) -> np.ndarray:
        """Per subject of every unit, in the units' order: whether another unit has it too."""
        same = self.hashes[1:] == self.hashes[:-1]
        in_sorted = np.zeros(len(self.hashes), dtype=bool)
        in_sorted[1:] |= same
        in_sorted[:-1] |= same
        out = np.empty_like(in_sorted)
        out[self.order] = in_sorted
        return out

    def get(self, node, default=()):
        sid = ids.evidence_sid(node.value) if isinstance(node, ox.NamedNode) else None
        if sid is not None and ids.graph_iri(sid) in self.graphs:
            return {ids.graph_iri(sid)}
        h = np.uint64(_h(str(node).encode("utf-8")))
        lo, hi = np.searchsorted(self.hashes, h, "left"), np.searchsorted(self.hashes, h, "right")
        return {self.units[k].graph for k in self.owner[lo:hi]} or default


def cross_document_part(units: Sequence[Unit], store: UnitStore, where: Where | None = None,
                        shared: np.ndarray | None = None) -> tuple[set, Where]:
    """Every triple, from any unit, about a subject more than one unit describes (as
    kg.graph.validate.cross_document_part finds in a whole dataset), read from the files at the
    offsets the units kept."""
    where = where or Where(units)
    shared = where.shared() if shared is None else shared
    chunks = []
    start = 0
    for u, size in zip(units, where.sizes):
        hit = np.flatnonzero(shared[start:start + size])
        start += size
        if len(hit):
            body = store.read(u)
            offs = _arr(u.offsets)
            chunks.extend(body[offs[k]:offs[k + 1]] for k in hit)
    # The units repeat the shared nodes' descriptions (a country's, a cited treaty's): at 10,000
    # documents 0.97 million lines hold 0.38 million triples, and parsing the distinct lines
    # only takes 2.0 s instead of 3.6 (measured).
    lines = set(b"".join(chunks).split(b"\n"))
    part = {(t.subject, t.predicate, t.object) for t in ox.parse(b"\n".join(lines), format=ox.RdfFormat.N_TRIPLES)}
    return part, where


def rule_store(units: Sequence[Unit], store: UnitStore) -> ox.Store:
    """The merge, in an in-memory store, of the triples the cross-node rules can match."""
    st = ox.Store()
    part = "rules" if units and store.has_rules(units[0]) else "all"
    st.bulk_load(input=Concat(store.read(u, part) for u in units), format=ox.RdfFormat.N_TRIPLES)
    return st


class LazyGraphs(Mapping):
    """{graph: triples} read from the unit files on demand."""

    def __init__(self, units: Sequence[Unit | UnitRef], store: UnitStore):
        self.by_graph = {u.graph: u for u in units}
        self.store = store

    def __getitem__(self, g):
        return self.store.triples(self.by_graph[g])

    def __iter__(self):
        return iter(self.by_graph)

    def __len__(self):
        return len(self.by_graph)


def _rules_part(shared, _) -> list:
    data, store = shared
    return rule_findings(rule_store(data, store))


def check_keys(units: Sequence[Unit], shared: np.ndarray) -> dict[str, str]:
    """What each cross-document check reads, as a digest: for the shapes, the distinct (shared
    subject, lines about it) pairs, which make the cross-document part; for the rules, the
    units' rule lines. A check whose key has not changed since the last build has the same
    findings, and a rebuild reuses them."""
    subjects = np.concatenate([_arr(u.subjects) for u in units]) if units else np.zeros(0, dtype=np.uint64)
    blocks = np.concatenate([_arr(u.blocks) for u in units]) if units else np.zeros(0, dtype=np.uint64)
    pairs = np.unique(np.stack([subjects[shared], blocks[shared]], axis=1), axis=0)
    rules = sorted(u.rules_digest or u.digest for u in units)  # no rules file: rule_store reads the whole graph
    return {"cross": hashlib.sha256(pairs.tobytes()).hexdigest(),
            "rules": hashlib.sha256("\n".join(rules).encode("utf-8")).hexdigest()}


def validate_units(units: Sequence[Unit], ontology: set | None, texts: Mapping[str, str], store: UnitStore,
                   workers: int = 1, log: Callable[[str], None] | None = None) -> Report:
    """The report kg.graph.validate.validate_graphs gives for the same graphs, from the units.

    The checks that span units run only when what they read changed (check_keys): an edit
    inside one article leaves both as they were. With two workers and both to run, the SPARQL
    rules (their store loaded from every unit's file, then queried) run in a forked process
    while this one reads and checks the cross-document part: at 10,000 documents each half
    takes about 6 s."""
    data = [u for u in units if u.graph != ns.ONTOLOGY_GRAPH]
    where = Where(data)
    shared = where.shared()
    keys = check_keys(data, shared)
    last = store.load_checks()
    got: dict[str, list[Finding]] = {}
    for k in keys:
        for key, findings in last.get(k, ()):
            if key == keys[k]:
                got[k] = findings
    fresh = {k for k in ("cross", "rules") if k not in got}

    def cross_part():
        part, _ = cross_document_part(data, store, where, shared)
        got["cross"] = cross_findings(part)

    if "rules" in fresh:
        [got["rules"]] = _in_forked_workers((data, store), _rules_part, [None],
                                            workers if "cross" in fresh else 1,
                                            meanwhile=cross_part if "cross" in fresh else None)
    elif "cross" in fresh:
        cross_part()
    if fresh:
        # The last two inputs of each check: a build that holds a source back checks twice, with
        # it and without it, and the next build does the same (one entry was 27 s a rebuild).
        store.save_checks({k: [(keys[k], got[k])] + [e for e in last.get(k, ())[:1] if e[0] != keys[k]]
                           for k in keys})
    if log is not None:
        log("checks across sources: " + ", ".join(
            f"{name} {'run' if k in fresh else 'reused'}" for k, name in (("cross", "shapes"), ("rules", "rules"))))
    about_arrays = [(u.graph, _arr(u.about)) for u in data]

    def about(nodes: set) -> list[str]:
        wanted = np.array(sorted({node_hash(n) for n in nodes}), dtype=np.uint64)
        return sorted(g for g, a in about_arrays if np.isin(a, wanted).any())

    return assemble_report({u.graph: u.passed for u in data}, sorted(u.graph for u in data), got["cross"], where,
                           got["rules"], ontology, texts, LazyGraphs(data, store), about)


# ---------------------------------------------------------------------------------------------
# Streams for the loaders


class Concat(io.RawIOBase):
    """A readable stream over an iterable of byte strings, so a bulk loader reads thousands of
    unit files as one input without their concatenation in memory."""

    def __init__(self, parts: Iterable[bytes]):
        self._parts: Iterator[bytes] = iter(parts)
        self._buf = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        while not len(self._buf):
            try:
                self._buf = memoryview(next(self._parts))
            except StopIteration:
                return 0
        n = min(len(b), len(self._buf))
        b[:n] = self._buf[:n]
        self._buf = self._buf[n:]
        return n


# Quads per bulk-load call, and calls at once. Oxigraph's bulk loader holds about 1.5 KB per
# quad of its input while it sorts, and one call keeps one core busy. On the 1,000-document
# benchmark (2.9 million quads): one call over everything 20 s and 2.3 GB; calls of 500,000
# one at a time 35 s and 0.95 GB; calls of 350,000 two at a time 19 s and 1.1 GB.
LOAD_CHUNK_QUADS = 350_000
LOAD_THREADS = 2


def bulk_load(store: ox.Store, parts: Iterable[bytes], chunk: int | None = None, threads: int | None = None) -> int:
    """Bulk-load N-Quads given as byte strings into `store`, in calls of about `chunk` quads
    run by `threads` threads (pyoxigraph lets go of the GIL while it loads), so the loader's
    memory stays bounded whatever the dataset's size. Returns the lines read."""
    import threading

    chunk = chunk or LOAD_CHUNK_QUADS
    parts = iter(parts)
    lock = threading.Lock()
    total = [0]
    errors: list[BaseException] = []

    def next_chunk() -> bytes | None:
        with lock:
            buf: list[bytes] = []
            n = 0
            for part in parts:
                buf.append(part)
                n += part.count(b"\n")
                if n >= chunk:
                    break
            total[0] += n
            return b"".join(buf) if buf else None

    def work() -> None:
        try:
            while not errors and (data := next_chunk()) is not None:
                store.bulk_load(input=data, format=ox.RdfFormat.N_QUADS)
        except BaseException as e:  # raised below, in the caller's thread
            errors.append(e)

    pool = [threading.Thread(target=work, name=f"kg-load-{i}") for i in range(max(1, threads or LOAD_THREADS))]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    if errors:
        raise errors[0]
    return total[0]


def as_quads(body: bytes, graph: str) -> bytes:
    """N-Triples lines into N-Quads lines of `graph` (a raw newline cannot occur inside a term,
    so every ' .\\n' ends a line)."""
    return body.replace(b" .\n", f" <{graph}> .\n".encode("utf-8"))


def nquads(units: Iterable[Unit | UnitRef], store: UnitStore) -> Iterator[bytes]:
    """The units' facts in their named graphs, then facts and evidence in the default graph
    (the stored merge, which keeps one copy of a triple several graphs hold; a source's evidence
    is stored there only, see kg.graph.store)."""
    for u in units:
        facts = store.read(u)
        yield as_quads(facts, u.graph)
        yield facts
        yield store.read(u, "evidence")
