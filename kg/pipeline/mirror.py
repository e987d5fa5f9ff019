"""The two texts of a mirror folder (kaz.md, rus.md) are one instrument (kg.graph.resolve gives
them one node). Where they state a fact differently, the node has both values and a shape that
allows one finds two: that is the texts disagreeing, which the report says with both spans,
and no reason to hold either text back."""

from __future__ import annotations

from collections.abc import Mapping

from kg.graph.report import Finding, Report
from kg.graph.resolve import mirror_work

RULE_NOTE = "The Kazakh and Russian texts of this instrument disagree"


def texts_disagree(report: Report, files: Mapping[str, str]) -> Report:
    """`report` with each violation that only the texts of one mirror folder make together
    (its source graphs are two or more texts of one folder) turned into a warning saying so.
    `files`: {graph IRI: the source's name} of the source graphs."""
    out = []
    changed = False
    for f in report.findings:
        if f.severity == "Violation":
            works = {mirror_work(files[g]) for g in f.graphs if g in files}
            texts = [g for g in f.graphs if g in files]
            if len(texts) >= 2 and len(works) == 1 and None not in works:
                f = Finding("Warning", f.rule, f.focus, f"{RULE_NOTE} ({', '.join(files[g] for g in texts)}): "
                            f"{f.message}", f.path, f.value, f.graphs, f.where)
                changed = True
        out.append(f)
    return Report(tuple(out)) if changed else report
