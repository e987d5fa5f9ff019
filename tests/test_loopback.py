"""Servers on loopback as the tests and the benchmark start them: a server that fails to start
is an error naming why, and nothing is left running."""

import os
import sys

import pytest

from kg import loopback
from kg.bench.harness import _children


def test_a_server_that_exits_is_reported_with_its_error():
    url = f"http://127.0.0.1:{loopback.free_port()}"
    with pytest.raises(loopback.ServerUnavailable, match="no such data dir"):
        loopback.start([sys.executable, "-c", "import sys; sys.exit('no such data dir')"], url)


def test_a_server_that_never_answers_is_stopped():
    url = f"http://127.0.0.1:{loopback.free_port()}"
    before = set(_children(os.getpid()))
    with pytest.raises(loopback.ServerUnavailable, match="did not answer"):
        loopback.start([sys.executable, "-c", "import time; time.sleep(60)"], url, wait_s=0.5)
    assert set(_children(os.getpid())) == before  # terminated and reaped


def test_serving_yields_a_running_server_and_stops_it():
    port = loopback.free_port()
    cmd = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"]
    with loopback.serving(cmd, f"http://127.0.0.1:{port}/") as proc:
        assert proc.poll() is None
    assert proc.poll() is not None
