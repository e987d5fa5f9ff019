"""Forked workers die with their parent: a build killed with SIGKILL leaves no process behind.

Linux sends a child the signal set by prctl(PR_SET_PDEATHSIG) when its parent dies; elsewhere
this does nothing, and a worker ends when its pool's pipe closes, as before."""

from __future__ import annotations

import os
import signal

PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int | None = None) -> None:
    """In a forked child: be killed when the process that forked it dies. `parent`: its pid as
    the parent knew it, to catch a parent that died before this call."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            return
    except (OSError, AttributeError):
        return
    if parent is not None and os.getppid() != parent:  # the parent is gone already
        os._exit(1)
