"""The `kg` command: one subcommand per job, each a thin shell over the library."""

from __future__ import annotations

import argparse
import importlib
import sys

# Each module in kg/commands registers its subcommands with `register(subparsers)`.
COMMAND_MODULES = ("extract", "evaluate", "graph", "lineage", "serve", "bench")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kg", description="bilateral-kg: treaties to a validated knowledge graph")
    sub = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"kg.commands.{name}")
        except ModuleNotFoundError as e:
            if e.name != f"kg.commands.{name}":
                raise  # a missing dependency inside a command is a real error
            continue
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
