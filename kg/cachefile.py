"""Cache files: pickles written atomically and read leniently. Whatever a cache holds can be made
again, so a missing, damaged or foreign file is a miss, never an error."""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any

_UNREADABLE = (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, IndexError,
               TypeError, ValueError)


def read(path: Path, kind: type = object, default: Any = None) -> Any:
    """What `path` holds if it is a `kind`, else `default`."""
    try:
        with open(path, "rb") as fh:
            data = pickle.load(fh)
    except _UNREADABLE:
        return default
    return data if isinstance(data, kind) else default


def write(path: Path, data: Any) -> None:
    """Write `data` to `path` whole or not at all (a reader never sees half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        with open(tmp, "wb") as fh:
            pickle.dump(data, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
