"""A stage run in a forked child process, its progress relayed to the parent: what the child held
is gone when it exits, which Python would not give back when freed."""

from __future__ import annotations

import os
from collections.abc import Callable

from kg.errors import BuildError
from kg.orphans import die_with_parent


def _in_child(fn: Callable, kwargs: dict, stage: Callable, log: Callable):
    """fn(**kwargs, stage=, log=) in a forked child, its stage and log calls relayed here."""
    import multiprocessing as mp

    if "fork" not in mp.get_all_start_methods():
        return fn(**kwargs, stage=stage, log=log)
    ctx = mp.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)

    parent = os.getpid()

    def main():
        die_with_parent(parent)  # a build killed with SIGKILL takes its graph stage with it
        try:
            out = ("done", fn(**kwargs, stage=lambda n: send.send(("stage", n)), log=lambda m: send.send(("log", m))))
        except BaseException as e:
            out = ("error", e)
        try:
            send.send(out)
        except Exception as e:  # an exception that does not pickle: its type and words
            send.send(("error", BuildError(f"{type(out[1]).__name__}: {out[1]} ({e})")))
        send.close()

    child = ctx.Process(target=main, name="kg-build-graphs")
    child.start()
    send.close()
    try:
        while True:
            try:
                kind, value = recv.recv()
            except EOFError:
                child.join()
                raise BuildError(f"the graph stage stopped without an answer (exit code {child.exitcode})") from None
            if kind == "stage":
                stage(value)
            elif kind == "log":
                log(value)
            elif kind == "error":
                raise value
            else:
                return value
    finally:
        recv.close()
        child.join()
