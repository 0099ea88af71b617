"""Reading a text file a person named, without hanging, exhausting memory or crashing.

The name may be anything: a folder, a named pipe (opening it would block until a
writer comes), a device such as /dev/zero (reading it never ends), a file of many
gigabytes, bytes that are not UTF-8, or a name holding a NUL. Each is refused with one
short line saying which and why.
"""

from __future__ import annotations

import os
import stat

from .quoting import shown

MAX_FILE_BYTES = 200 * 1024 * 1024  # generous for graphs with data columns
BOM = "\ufeff"

_NOT_REGULAR = (
    (stat.S_ISDIR, "it is a folder, not a file"),
    (stat.S_ISFIFO, "it is a named pipe, not a regular file"),
    (stat.S_ISCHR, "it is a device, not a regular file"),
    (stat.S_ISBLK, "it is a device, not a regular file"),
)
TOO_LARGE = f"the file is larger than {MAX_FILE_BYTES // 2**20} MB, the most this app reads"

# Opening without blocking makes even a pipe put in the file's place after the check
# return at once (and then fail the second check); regular files are unaffected.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def read_text(path, error: type[Exception]) -> str:
    """The UTF-8 text of the regular file at ``path`` (a leading byte order mark dropped).

    Any problem raises ``error`` with a message "cannot read NAME: why". Only a regular
    file of at most MAX_FILE_BYTES is opened; its status is taken before opening and
    again from the open file, in case it was replaced in between.
    """
    path = os.fspath(path)
    name = shown(os.fsdecode(path))
    try:
        data = _read_bytes(path)
    except (OSError, _Refused) as problem:
        raise error(f"cannot read {name}: {_reason(problem)}") from None
    try:
        return data.decode("utf-8").removeprefix(BOM)
    except UnicodeDecodeError as problem:
        byte = data[problem.start]
        raise error(
            f"cannot read {name}: not UTF-8 text (byte {byte:#04x} at offset {problem.start})"
        ) from None


class _Refused(Exception):
    """A file this module will not read; the message says why."""


def _read_bytes(path: str | bytes) -> bytes:
    if (b"\0" if isinstance(path, bytes) else "\0") in path:
        raise _Refused("a file name cannot contain a NUL character")
    _check_status(os.stat(path))
    with os.fdopen(os.open(path, _OPEN_FLAGS), "rb") as file:
        _check_status(os.fstat(file.fileno()))
        data = file.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:  # it grew since the check
        raise _Refused(TOO_LARGE)
    return data


def _check_status(status: os.stat_result) -> None:
    if not stat.S_ISREG(status.st_mode):
        kind = next((reason for test, reason in _NOT_REGULAR if test(status.st_mode)), None)
        raise _Refused(kind or "it is not a regular file")
    if status.st_size > MAX_FILE_BYTES:
        raise _Refused(TOO_LARGE)


def _reason(problem: Exception) -> str:
    """The operating system's reason ("No such file or directory"), without the path."""
    return getattr(problem, "strerror", None) or str(problem)
