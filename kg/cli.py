"""The `kg` command: one subcommand per job, each a thin shell over the library."""

from __future__ import annotations

import argparse
import sys


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kg", description="bilateral-kg: treaties to a validated knowledge graph")
    sub = parser.add_subparsers(dest="command", required=True)
    from kg.commands import extract as extract_cmd

    extract_cmd.register(sub)
    try:  # the graph commands (build, query, validate, export) live in their own module
        from kg.commands import graph as graph_cmd
    except ImportError:  # pragma: no cover - during early development only
        graph_cmd = None
    if graph_cmd is not None:
        graph_cmd.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
