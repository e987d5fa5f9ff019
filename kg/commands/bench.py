"""`kg bench`: the benchmark harness (kg/bench/harness.py); `kg bench generate`: a corpus only."""

from __future__ import annotations

import sys
from pathlib import Path


def register(sub) -> None:
    p = sub.add_parser("bench", help="benchmark: generate N documents, build, query, rebuild; print a table",
                       description="Run the benchmark at N documents and keep the numbers in a JSON file "
                                   "(bench/results/ by default). `kg bench generate --n N DIR` writes a corpus only.")
    p.add_argument("action", nargs="?", choices=("run", "generate"), default="run")
    p.add_argument("dir", nargs="?", default=None, help="for generate: the output dir")
    p.add_argument("--n", type=int, default=100, help="documents (default 100)")
    p.add_argument("--out", default=None, help="results file (default bench/results/<time>-n<N>.json)")
    p.add_argument("--keep", default=None, metavar="DIR", help="keep the corpus and the data dir here (and reuse a corpus there)")
    from kg.bench.harness import ALL_STAGES  # standard library only at import: cheap for the CLI

    p.add_argument("--stages", default=None, help="comma-separated: " + ",".join(ALL_STAGES))
    p.add_argument("--sample", type=int, default=100, help="documents for the extraction rate and accuracy (default 100)")
    p.add_argument("--repeat", type=int, default=20, help="runs per query for median and p99 (default 20)")
    p.add_argument("--workers", type=int, default=None, help="build processes (default: all cores)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--scale-treaties", type=int, default=100_000, metavar="N",
                   help="treaties in the synthetic graph of the scale stage (default 100000)")
    p.set_defaults(func=cmd_bench)


def cmd_bench(args) -> int:
    if args.action == "generate":
        from kg.bench.generate import generate

        if not args.dir:
            print("kg: bench generate needs an output DIR", file=sys.stderr)
            return 2
        stats = generate(args.n, Path(args.dir), seed=args.seed)
        print(", ".join(f"{k} {v}" for k, v in stats.items()))
        return 0
    from kg.bench.harness import ALL_STAGES, run

    stages = tuple(s.strip() for s in args.stages.split(",")) if args.stages else ALL_STAGES
    unknown = set(stages) - set(ALL_STAGES)
    if unknown:
        print(f"kg: unknown stage(s) {', '.join(sorted(unknown))} (one of {', '.join(ALL_STAGES)})", file=sys.stderr)
        return 2
    result = run(args.n, out=Path(args.out) if args.out else None, keep=Path(args.keep) if args.keep else None,
                 stages=stages, seed=args.seed, sample=args.sample, repeat=args.repeat, workers=args.workers,
                 scale_treaties=args.scale_treaties,
                 echo=lambda m: print(m, flush=True))
    return 0 if result["stages"].get("build", {}).get("ok", True) else 1
