"""What the app knows of a file on disk between opening and saving it.

A :class:`FileStamp` is taken when a file is opened or saved; Save compares it with
the file as it is now, so that a change made by another program is not overwritten
without asking. Size and modification time answer most of the time without reading;
a file touched but not changed is recognised by its content hash.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass


@dataclass(frozen=True)
class FileStamp:
    size: int
    mtime_ns: int
    sha256: str

    @classmethod
    def of(cls, path) -> FileStamp | None:
        """The stamp of the regular file at ``path``; None for anything else or unreadable."""
        try:
            info = os.stat(path)
            if not stat.S_ISREG(info.st_mode):
                return None
            return cls(info.st_size, info.st_mtime_ns, _sha256(path))
        except (OSError, ValueError):  # ValueError: a NUL in the path
            return None

    def changed_on_disk(self, path) -> bool:
        """True if a file at ``path`` now holds other bytes (a missing file has not changed:
        saving puts it back)."""
        try:
            info = os.stat(path)
        except FileNotFoundError:
            return False
        except (OSError, ValueError):
            return True
        if info.st_size != self.size:
            return True
        if info.st_mtime_ns == self.mtime_ns:
            return False
        now = FileStamp.of(path)
        return now is None or now.sha256 != self.sha256

    def to_json(self) -> dict:
        return {"size": self.size, "mtime_ns": self.mtime_ns, "sha256": self.sha256}

    @classmethod
    def from_json(cls, record) -> FileStamp | None:
        """The stamp written by :meth:`to_json`; None if ``record`` is not one."""
        try:
            size, mtime_ns, sha256 = record["size"], record["mtime_ns"], record["sha256"]
        except (TypeError, KeyError):
            return None
        if isinstance(size, int) and isinstance(mtime_ns, int) and isinstance(sha256, str):
            return cls(size, mtime_ns, sha256)
        return None


def is_read_only(path) -> bool:
    """True if the file at ``path`` exists and is marked read-only, or we may not write it.

    The permission bits count even where access would be granted (root): a person who
    made a file read-only meant it.
    """
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return False
    return not (mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)) or not os.access(path, os.W_OK)


def _sha256(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()
