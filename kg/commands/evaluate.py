"""`kg evaluate GOLD_DIR PATH... [--json]`: the extractor measured against a curator's gold."""

from __future__ import annotations

import json
import sys

from kg.errors import KgError
from kg.extract.evaluate import evaluate

DEFINITIONS = """\
Each gold record (a JSON file in GOLD_DIR) names its source as a path suffix ("01_x/kaz.md",
"000_x.txt"); it is scored against the one PATH that ends with it. A PATH is a source file, a
folder (searched for .txt and .md sources, mirror folders included), or a JSON record written
by `kg extract --json` (one record or a list), matched by its "source". A gold record whose
source is not given, or whose source fails to extract, counts as wrong, with the reason.

  fields        share of the document-level fields equal to the gold (spans ignored; titles
                compared with Latin look-alikes folded to Cyrillic, whitespace and case folded)
  refs F1       references matched on target, date, parties, relation and title; titles
                compared modulo normalisation: look-alikes folded, case folded, dates (and a
                signing place before the name) ignored, words compared modulo case endings
  relations     of the references matched on the same key WITHOUT the relation, the share
                whose relation is right (a wrong relation counts here as found, and wrong)
  modality F1, topics F1   over (article, label) pairs, where the gold lists articles
  citations F1  over (author or abbreviation, year), research articles
Totals pool the counts of every document (micro averages)."""


def register(sub) -> None:
    import argparse

    p = sub.add_parser("evaluate", help="score extraction against gold records",
                       description="Score the extractor (or saved records) against gold records.",
                       epilog=DEFINITIONS, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("gold", metavar="GOLD_DIR", help="a folder of gold records (or one gold JSON file)")
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="source files, folders of sources, or JSON records from `kg extract --json`")
    p.add_argument("--json", action="store_true", help="print a machine-readable report")
    p.set_defaults(func=run)


def _jsonable(report: dict) -> dict:
    def doc(d):
        out = {k: v for k, v in d.items() if k not in ("mismatches", "counts")}
        out["wrong_fields"] = [{"field": f, "predicted": p, "gold": g} for f, (p, g) in d["mismatches"].items()]
        out["counts"] = {k: dict(zip(("tp", "fp", "fn"), c)) for k, c in d["counts"].items()}
        return out
    return {"documents": [doc(d) for d in report["documents"]], "total": report["total"]}


COLUMNS = (("fields", "fields"), ("refs F1", "references"), ("relations", "relations"),
           ("modality", "modality"), ("topics", "topics"), ("citations", "citations"))


def _cell(v) -> str:
    if isinstance(v, dict):
        v = v.get("accuracy")
    return "-" if v is None else f"{v:.3f}"


def _short(v, width=160) -> str:
    s = json.dumps(v, ensure_ascii=False)
    return s if len(s) <= width else s[: width - 1] + "…"


def table(report: dict) -> str:
    docs = report["documents"]
    name_w = min(48, max(len("document"), *(len(d["source"]) for d in docs)))
    name = lambda s: s if len(s) <= name_w else s[: name_w - 28] + "…" + s[-27:]  # noqa: E731 the tail tells apart
    head = f"{'document':<{name_w}}  " + "  ".join(f"{c:>9}" for c, _ in COLUMNS)
    lines = [head, "-" * len(head)]
    for d in docs:
        lines.append(f"{name(d['source']):<{name_w}}  " + "  ".join(f"{_cell(d.get(k)):>9}" for _, k in COLUMNS))
        if d.get("error"):
            lines.append(f"    no prediction: {d['error']}")
            continue
        for f, (p, g) in d["mismatches"].items():
            lines.append(f"    {f}: predicted {_short(p)}")
            lines.append(f"    {' ' * len(f)}  gold      {_short(g)}")
        for r in d.get("references_missing", []):
            lines.append(f"    reference missed: {_short(r)}")
        for r in d.get("references_extra", []):
            lines.append(f"    reference extra:  {_short(r)}")
        for r in d.get("relation_errors", []):
            lines.append(f"    relation of {_short(r['title'], 80)}: predicted {r['predicted']}, gold {r['gold']}")
    t = report["total"]
    lines.append("-" * len(head))
    lines.append(f"{'TOTAL (' + str(t['documents']) + ' documents)':<{name_w}}  "
                 + "  ".join(f"{_cell(t.get(k)):>9}" for _, k in COLUMNS))
    if t["failed"]:
        lines.append(f"{t['failed']} document(s) gave no prediction and count as wrong")
    return "\n".join(lines)


def run(args) -> int:
    try:
        report = evaluate(args.gold, args.paths)
    except KgError as exc:
        print(f"kg evaluate: {exc}", file=sys.stderr)
        return 2
    if args.json:
        json.dump(_jsonable(report), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(table(report))
    return 0
