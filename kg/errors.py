"""Errors that name the file and the problem, so a person can act on them."""

from __future__ import annotations


class KgError(Exception):
    """Base class for every error the `kg` command reports to a person."""


class SourceError(KgError):
    """A source file that cannot be read or is not what it claims to be."""

    def __init__(self, path: str, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")

    def __reduce__(self):  # pickled with its two arguments (a build's child process sends it back)
        return (type(self), (self.path, self.reason))


class BuildError(KgError):
    """A build that could not be carried out (bad input, no extractor, unwritable data dir)."""
