"""Oxigraph's own SPARQL server (`oxigraph serve`, from the PyPI package `oxigraph`) on a
loopback port: what `--store URL` is tested and benchmarked against."""

from __future__ import annotations

import contextlib
import shutil
import sys
from pathlib import Path
from typing import Iterator

from kg.loopback import ServerUnavailable, free_port, serving

__all__ = ["ServerUnavailable", "binary", "free_port", "running"]


def binary() -> str | None:
    beside = Path(sys.executable).parent / "oxigraph"  # the venv's, when installed with the test extra
    return str(beside) if beside.exists() else shutil.which("oxigraph")


@contextlib.contextmanager
def running(location: Path, wait_s: float = 30.0) -> Iterator[str]:
    """Start `oxigraph serve` on 127.0.0.1 with its data in `location`; yield its URL; stop it."""
    exe = binary()
    if exe is None:
        raise ServerUnavailable("the oxigraph server is not installed (pip install oxigraph)")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with serving([exe, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                 url + "/query?query=ASK%7B%7D", wait_s):
        yield url
