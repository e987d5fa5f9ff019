"""`kg extract PATH... [--json]`: extraction records for source files."""

from __future__ import annotations

import json
import sys
import time

from kg.errors import KgError


def register(sub) -> None:
    p = sub.add_parser("extract", help="read source files into extraction records",
                       description="Print the extraction record of each source (a treaty or a research article).")
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="a .txt file, a mirror kaz.md/rus.md (meta.yaml beside it), a mirror folder (both texts) "
                        "or a folder of these (walked)")
    p.add_argument("--json", action="store_true", help="print the records as JSON (spec/extraction-record.md)")
    p.add_argument("--timing", action="store_true", help="report the time per document on standard error")
    p.set_defaults(func=run)


def run(args) -> int:
    from kg.extract.record import extract_file, summary

    from kg.pipeline.inputs import expand

    records, failed = [], 0
    paths = expand(args.paths)
    if not paths:
        print(f"kg extract: {', '.join(args.paths)}: no sources in it (.txt, kaz.md/rus.md, .md)", file=sys.stderr)
        return 1
    for path in paths:
        t0 = time.perf_counter()
        try:
            rec = extract_file(path)
        except KgError as exc:
            failed += 1
            print(f"kg extract: {exc}", file=sys.stderr)
            continue
        except Exception as exc:  # a bug must not cost the other files their records
            failed += 1
            print(f"kg extract: {path}: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
            continue
        if args.timing:
            print(f"{path}: {1000 * (time.perf_counter() - t0):.1f} ms", file=sys.stderr)
        records.append(rec)
        if not args.json:
            print(summary(rec))
            print()
    if args.json:
        out = records[0] if len(paths) == 1 and records else records
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    return 1 if failed else 0
