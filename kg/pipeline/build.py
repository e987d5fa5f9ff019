"""`kg build`: sources -> records -> resolved, validated RDF -> a published Oxigraph store.

Layout of the data dir (default ./build):

    DIR/current -> builds/<id>     symlink to the published build, swapped atomically
    DIR/builds/<id>/store/         the persistent Oxigraph store (named graph per source)
    DIR/builds/<id>/manifest.json  sources, hashes, counts
    DIR/builds/<id>/report.txt     the validation report (warnings) of that build
    DIR/cache/records/             extraction records by content hash (and extractor version)
    DIR/cache/units/<code>/        each source's graph, digested and checked (kg/graph/units.py), and
                                   the index of the last build's units
    DIR/last-failed-report.txt     the report of the last build that was refused

A build is assembled in a staging dir and published only if it validates; a failed build
leaves `current` as it was. <id> is a hash of the dataset, so a rebuild with no change
publishes nothing new. The records source is pluggable: paths are extracted (through the
cache) with `extractor`, `records_dir` supplies ready records by file stem, and records
(dicts) may be passed directly.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from kg.pipeline.caches import _unread_text, whole_record
from kg.pipeline.catalog import REPO, CatalogEntry, find_catalog, load_catalog
from kg.pipeline.child import _in_child
from kg.pipeline.held import HeldBack, HeldSet, held_text, made_from, write_held
from kg.pipeline.inputs import expand
from kg.pipeline.mirror import texts_disagree
from kg.pipeline.publish import _Lock, _publish, current_build, dataset_digest, manifest_rows, prune_exports
from kg.pipeline.records import collect_records, default_workers, extractor_fingerprint
from kg.errors import BuildError
from kg.graph import ids
from kg.graph import namespaces as ns
from kg.graph import rdf
from kg.graph import resolve
from kg.graph.resolve import SourceRecord
from kg.graph.store import RemoteStore
from kg.graph.units import LazyGraphs, UnitStore, graph_unit, refs, source_units, validate_units
from kg.graph.report import Report

ONTOLOGY_FILES = (REPO / "ontology" / "bilateral.ttl", REPO / "ontology" / "vocabularies.ttl")


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
    held_back: tuple[HeldBack, ...] = ()  # the sources left out of the build, with their reasons


@dataclass(frozen=True)
class Graph:
    """A whole dataset in memory, for callers that want every graph at hand (tests, small
    corpora); `build` works one source at a time instead (kg/graph/units.py)."""
    sources: tuple[SourceRecord, ...]
    resolution: resolve.Resolution
    dataset: rdf.Dataset

    def texts(self) -> dict[str, str]:
        return {ids.source_iri(s.sid): s.text for s in self.sources if s.text is not None}


def make_graph(sources: list[SourceRecord], with_ontology: bool = True) -> Graph:
    res = resolve.resolve(sources)
    ds = rdf.build_dataset(sources, res, ONTOLOGY_FILES if with_ontology else ())
    return Graph(tuple(sources), res, ds)


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
    held_back: tuple = ()  # HeldBack entries
    published_sources: int = 0  # the sources whose new graph is in the build


def _graph_stage(*, inputs, data_dir, extractor, records_dir, catalog, source_root, workers, strict, stage,
                 log) -> _Graphs:
    """Extract, resolve, build each source's graph (kg/graph/units.py) and validate. Unless
    `strict`, a source whose record cannot be had, or whose graph the report blames for a
    violation, is held back and the others are built again without it (kg/pipeline/held.py)."""
    timings: dict[str, float] = {}
    t = time.perf_counter()
    stage("extract")
    failed: list = []
    sources, extracted, reused = collect_records(inputs, data_dir, extractor=extractor, records_dir=records_dir,
                                                 catalog=catalog, source_root=source_root, workers=workers,
                                                 partial=True, held=None if strict else failed)
    timings["extract"] = time.perf_counter() - t
    log(f"records: {len(sources)} ({len(extracted)} extracted, {len(reused)} from cache"
        + (f", {len(failed)} could not be read" if failed else "") + ")")
    ustore = UnitStore(data_dir / "cache" / "units", parts_of=data_dir)
    held = HeldSet(data_dir, ustore)
    for name, path, words in failed:
        held.add(name, path, words)
    if not strict:
        again = held.again(sources, ustore.code)
        if again:
            log("held back as the last build did (unchanged since): "
                + ", ".join(sorted(s.file_name for s in sources if s.sid in again)))
            sources = [s for s in sources if s.sid not in again]
    while True:
        units, report, rkey, built, unknown = _units_and_report(sources, held.kept_units(), data_dir=data_dir,
                                                                ustore=ustore, workers=workers, stage=stage,
                                                                log=log, timings=timings)
        blamed = {} if strict or report.conforms else held.blame(report, sources, units)
        kept_blamed = blamed.pop(None, ())
        if not blamed and not kept_blamed:
            break
        for f in kept_blamed:  # a held-back source's last graph that no longer fits: it goes too
            held.drop_kept(f)
        for sid, findings in blamed.items():
            src = next(s for s in sources if s.sid == sid)
            # its own graph alone, with the resolution's statements of its own nodes
            own = all(set(f.graphs) <= {ids.graph_iri(sid), ns.RESOLUTION_GRAPH} for f in findings)
            held.add(src.file_name, src.path, _reason(findings), Report(findings).text(), sid=sid,
                     alone=made_from(ustore.code, src) if own and src.record_key else None)
        sources = [s for s in sources if s.sid not in blamed]
        log(f"held back: {', '.join(sorted(held.names()))}; building the others again")
    triples = sum(u.triples for u in units)
    # The units kept for the next build here, where they are (the parent gets their UnitRefs):
    # a failed build's too, and before the store is written, whose files stay until it is.
    # The published build's units stay in the index too, so a source this build holds back (or a
    # refused build's) still finds its last good graph next time.
    ustore.save_index(units + held.published_units(units), rkey)
    rows = manifest_rows(sources) + held.kept_rows()
    return _Graphs(rows, refs(units), tuple(built), tuple(extracted), tuple(reused), report, triples,
                   unknown, timings, tuple(held.entries()), len(sources))


def _reason(findings) -> str:
    """One line for a person: what the first violation says."""
    first = findings[0]
    more = f" (and {len(findings) - 1} more)" if len(findings) > 1 else ""
    return f"{first.message}{more}"


def _units_and_report(sources, kept, *, data_dir, ustore, workers, stage, log, timings):
    """The units of `sources` (and `kept`, the last good units of held-back sources) and the report
    over them."""
    # The resolution is a function of the records' claims alone: the last one is reused while
    # they are the same (an edit inside an article leaves them as they were). Each source's
    # claims are known by a digest kept by its record's key, so only the changed sources' are
    # gathered when nothing needs resolving again (gathering 10,000 took 0.4 s, digesting 0.15).
    t = time.perf_counter()
    stage("resolve")
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
    timings["resolve"] = timings.get("resolve", 0) + time.perf_counter() - t

    # Each source's graph built, digested, checked and written by a worker: no process holds
    # the dataset (kg/graph/units.py).
    t = time.perf_counter()
    stage("rdf")
    units, built = source_units(sources, res, ustore, workers=workers or default_workers(),
                                whole=whole_record(data_dir), resolution_key=rkey)
    units += kept
    units.append(graph_unit(ns.RESOLUTION_GRAPH, lambda: rdf.resolution_graph(res).triples, ustore,
                            inputs=f"resolution {rkey}"))
    ontology = set(rdf.ontology_triples(ONTOLOGY_FILES))
    units.append(graph_unit(ns.ONTOLOGY_GRAPH, ontology, ustore, check=False))
    triples = sum(u.triples for u in units)
    unknown = {s.sid: u.unknown_fields for s, u in zip(sources, units) if u.unknown_fields}
    timings["rdf"] = timings.get("rdf", 0) + time.perf_counter() - t
    log(f"graph: {triples} triples in {len(units)} named graphs ({len(built)} of {len(sources)} "
        "source graphs built, the others unchanged since the last build)")

    # What spans sources: the cross-document part, the SPARQL rules, the report's spans.
    t = time.perf_counter()
    stage("validate")
    texts = _SourceTexts(sources)
    report = validate_units(units, ontology, texts, ustore, workers=workers or default_workers(), log=log)
    report = texts_disagree(report, {ids.graph_iri(s.sid): s.file_name for s in sources})
    timings["validate"] = timings.get("validate", 0) + time.perf_counter() - t
    return units, report, rkey, built, unknown


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
CHILD_MIN_SOURCES = int(os.environ.get("KG_CHILD_MIN_SOURCES") or 500)  # settable for tests


def build(inputs: Iterable[Any] | None, data_dir: Path | str, *, extractor: Callable | None = None,
          records_dir: Path | None = None, catalog_path: Path | None = None, source_root: Path | None = None,
          store_url: str | None = None, chunk: int = 1, log: Callable[[str], None] | None = None,
          workers: int | None = None, on_stage: Callable[[str], None] | None = None,
          strict: bool = False) -> BuildResult:
    """Build and publish the graph of `inputs` (files, folders or records; None: the whole
    catalog). A source that cannot be read or whose graph violates the shapes is held back and
    the others are published (`held_back`); `strict`: any such source refuses the whole build."""
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
    inputs = expand(inputs)
    if not inputs:
        raise BuildError("nothing to build: no sources given and the catalog lists none")

    with _Lock(data_dir / ".lock"):
        for old in (data_dir / "builds").glob(".staging-*"):  # left by a build that was killed
            shutil.rmtree(old, ignore_errors=True)
        args = dict(inputs=inputs, data_dir=data_dir, extractor=extractor, records_dir=records_dir, catalog=catalog,
                    source_root=source_root or (catalog_path.parent if catalog_path else None), workers=workers,
                    strict=strict)
        g = (_in_child(_graph_stage, args, stage, log) if len(inputs) >= CHILD_MIN_SOURCES
             else _graph_stage(**args, stage=stage, log=log))
        timings.update(g.timings)
        ustore = UnitStore(data_dir / "cache" / "units")

        if not g.report.conforms or (g.held_back and not g.published_sources):
            text = g.report.text() if not g.report.conforms else ""
            (data_dir / "last-failed-report.txt").write_text(text + held_text(g.held_back), encoding="utf-8")
            write_held(data_dir, g.held_back, None)
            return BuildResult(False, data_dir, current_build(data_dir), g.report, False, g.extracted, g.reused,
                               timings, g.triples, g.unknown, g.built, g.held_back)

        t = time.perf_counter()
        stage("load")
        digest = dataset_digest({u.graph: u.digest for u in g.units})
        if g.held_back:  # the same graphs with another list of held-back sources is another build
            digest = hashlib.sha256((digest + json.dumps([asdict(h) for h in g.held_back], sort_keys=True)
                                     ).encode("utf-8")).hexdigest()
        fp = extractor_fingerprint(extractor) if g.extracted or g.reused else None
        final, changed = _publish(data_dir, g.units, ustore, g.sources, g.report, digest, fp,
                                  held=[asdict(h) for h in g.held_back])
        write_held(data_dir, g.held_back, final.name)
        failed = data_dir / "last-failed-report.txt"
        if failed.exists():
            failed.unlink()
        ustore.prune(g.units)
        prune_exports(data_dir, g.units)
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
                       g.unknown, g.built, g.held_back)
