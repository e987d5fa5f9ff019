"""Helpers of the `kg serve` tests (no tests here): the bundled corpus built once per test
session, and `kg serve` started as a person starts it, on a free loopback port."""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

from kg import loopback

ROOT = Path(__file__).resolve().parents[1]
CATALOG = ROOT / "sources" / "catalog.yaml"
_DATA: list[Path] = []


def built_corpus() -> Path:
    """A data dir with the bundled corpus built into it (once per session)."""
    if not _DATA:
        from kg.pipeline.build import build

        d = Path(tempfile.mkdtemp(prefix="kg-serve-data-"))
        atexit.register(shutil.rmtree, d, True)
        result = build(None, d, catalog_path=CATALOG)
        assert result.ok, result.report.text()
        _DATA.append(d)
    return _DATA[0]


class Served:
    """`kg serve ARGS` on a free loopback port, stopped by stop()."""

    def __init__(self, *args: str, workers: int = 1):
        self.port = loopback.free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        self.proc = loopback.start(
            [sys.executable, "-m", "kg.cli", "serve", *args, "--host", "127.0.0.1", "--port", str(self.port),
             "--workers", str(workers)], self.base + "/sparql", cwd=ROOT, env=env)

    def stop(self) -> None:
        loopback.stop(self.proc)
