"""A build killed with SIGKILL (the machine's OOM killer, a user's `kill -9`) leaves no worker
processes behind, and the next build publishes the same graph as a build never interrupted."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from kg.pipeline.publish import read_manifest


def _children(pid: int) -> set[int]:
    """The processes whose parent is `pid` (from /proc)."""
    out = set()
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                stat = (d / "stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2:].split()
            if int(fields[1]) == pid and fields[0] != "Z":
                out.add(int(d.name))
    return out


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2:].split()[0] != "Z"


def _build(corpus: Path, data: Path, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kg.cli", "build", "--catalog", str(corpus / "catalog.yaml"),
                             "--data", str(data), "--quiet"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kw)


def test_a_build_killed_with_sigkill_leaves_no_workers_and_the_next_build_is_correct(tmp_path):
    from kg.bench.generate import generate

    corpus = tmp_path / "corpus"
    generate(120, corpus, seed=11)
    data = tmp_path / "data"
    # the graph stage in a child process (as at 500 sources and more), its workers under it
    proc = _build(corpus, data, env={**os.environ, "KG_CHILD_MIN_SOURCES": "1"})
    seen: set[int] = set()
    grandchildren: set[int] = set()
    deadline = time.monotonic() + 120
    while not grandchildren and time.monotonic() < deadline and proc.poll() is None:
        children = _children(proc.pid)
        grandchildren = {g for c in children for g in _children(c)}
        seen |= children | grandchildren
        time.sleep(0.01)
    assert grandchildren, "the build's graph stage forked no worker to kill it with"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    while any(_alive(p) for p in seen) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [p for p in seen if _alive(p)], "workers outlived the killed build"

    # published (a generated text the shapes refuse is held back alike in both: exit 3)
    again = _build(corpus, data)
    code = again.wait(timeout=300)
    assert code in (0, 3), again.stderr.read().decode()
    fresh = _build(corpus, tmp_path / "fresh")
    assert fresh.wait(timeout=300) == code
    got, want = read_manifest(data), read_manifest(tmp_path / "fresh")
    assert got["dataset_sha256"] == want["dataset_sha256"] and got["held_back"] == want["held_back"]
    assert not list((data / "builds").glob(".staging-*"))
