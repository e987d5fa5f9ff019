"""Oxigraph's own SPARQL server (`oxigraph serve`, from the PyPI package `oxigraph`) on a
loopback port: what `--store URL` is tested and benchmarked against."""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Iterator


class ServerUnavailable(RuntimeError):
    """The server is not installed, or did not start."""


def binary() -> str | None:
    beside = Path(sys.executable).parent / "oxigraph"  # the venv's, when installed with the test extra
    return str(beside) if beside.exists() else shutil.which("oxigraph")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running(location: Path, wait_s: float = 30.0) -> Iterator[str]:
    """Start `oxigraph serve` on 127.0.0.1 with its data in `location`; yield its URL; stop it."""
    exe = binary()
    if exe is None:
        raise ServerUnavailable("the oxigraph server is not installed (pip install oxigraph)")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([exe, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + wait_s
        while True:  # bounded: until it answers or the deadline passes
            if proc.poll() is not None:
                raise ServerUnavailable(f"oxigraph serve exited: {proc.stderr.read().decode()[-500:]}")
            try:
                urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=1).read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise ServerUnavailable("oxigraph serve did not answer") from None
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
