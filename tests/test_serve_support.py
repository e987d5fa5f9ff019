"""Helpers of the `kg serve` tests (no tests here): the bundled corpus built once per test
session, and `kg serve` started as a person starts it, on a free loopback port."""

from __future__ import annotations

import atexit
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CATALOG = ROOT / "sources" / "catalog.yaml"
_DATA: list[Path] = []


def built_corpus() -> Path:
    """A data dir with the bundled corpus built into it (once per session)."""
    if not _DATA:
        from kg.build import build

        d = Path(tempfile.mkdtemp(prefix="kg-serve-data-"))
        atexit.register(shutil.rmtree, d, True)
        result = build(None, d, catalog_path=CATALOG)
        assert result.ok, result.report.text()
        _DATA.append(d)
    return _DATA[0]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, proc: subprocess.Popen | None = None, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
            raise RuntimeError(f"the server exited: {err[-2000:]}")
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer in {seconds:g} s")


class Served:
    """`kg serve ARGS` on a free loopback port, stopped by stop()."""

    def __init__(self, *args: str, workers: int = 1):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kg.cli", "serve", *args, "--host", "127.0.0.1", "--port", str(self.port),
             "--workers", str(workers)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            wait_until_up(self.base + "/sparql", self.proc)
        except Exception:
            self.stop()
            raise

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        if self.proc.stderr:
            self.proc.stderr.close()
