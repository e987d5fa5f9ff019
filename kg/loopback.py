"""A server process on a free loopback port, started, waited for and stopped: Oxigraph's own
server (kg.graph.oxigraph_server) and `kg serve` as the benchmark and the tests start them."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import time
import urllib.request
from typing import Iterator, Sequence


class ServerUnavailable(RuntimeError):
    """The server is not installed, exited, or did not answer in time."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(cmd: Sequence[str], probe: str, wait_s: float = 30.0, **popen) -> subprocess.Popen:
    """Run `cmd` and return once `probe` (a URL) answers; stop it and raise ServerUnavailable,
    with the end of its stderr, if it exits first or `wait_s` passes."""
    proc = subprocess.Popen(list(cmd), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **popen)
    deadline = time.monotonic() + wait_s
    try:
        while True:  # bounded: until it answers or the deadline passes
            if proc.poll() is not None:
                err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
                raise ServerUnavailable(f"{cmd[0]} exited: {err[-2000:]}")
            try:
                urllib.request.urlopen(probe, timeout=2).read()
                return proc
            except OSError:
                if time.monotonic() > deadline:
                    raise ServerUnavailable(f"{probe} did not answer in {wait_s:g} s") from None
                time.sleep(0.1)
    except BaseException:
        stop(proc)
        raise


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
    if proc.stderr:
        proc.stderr.close()


@contextlib.contextmanager
def serving(cmd: Sequence[str], probe: str, wait_s: float = 30.0, **popen) -> Iterator[subprocess.Popen]:
    proc = start(cmd, probe, wait_s, **popen)
    try:
        yield proc
    finally:
        stop(proc)
