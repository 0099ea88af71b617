"""Write a file so that it is never torn: all of the new bytes or all of the old ones.

The bytes go to a temporary file beside the target (``.NAME.PID.TOKEN.saving``),
which is flushed to the disk and then renamed over the target in one step. A symbolic
link is followed: the file it points to is replaced and the link stays a link. The
new file keeps the permissions of the one it replaces.

A process killed while writing leaves its temporary file behind. The next write into
the same folder removes such leftovers, but only ours: the name must match the
pattern above, the file must belong to this user, and the process named in it must
be gone (POSIX only; elsewhere leftovers stay).
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import stat

TEMPORARY_NAME = re.compile(r"\..+\.(?P<pid>\d+)\.[0-9a-f]{8}\.saving")


def write_atomically(path, data: bytes) -> None:
    """Put ``data`` in the file at ``path`` (through a symbolic link); OSError on failure,
    the old file then whole and no temporary file left."""
    target = os.path.realpath(path)
    folder, name = os.path.split(target)
    remove_leftover_temporaries(folder)
    temporary = os.path.join(folder, f".{name}.{os.getpid()}.{secrets.token_hex(4)}.saving")
    try:
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        with contextlib.suppress(OSError):  # no old file: keep the umask's permissions
            shutil.copymode(target, temporary)
        os.replace(temporary, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)  # still there only if something failed
    _sync_folder(folder)


def remove_leftover_temporaries(folder: str) -> list[str]:
    """Remove the temporary files that dead writers left in ``folder``; their names."""
    removed = []
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            match = TEMPORARY_NAME.fullmatch(entry.name)
            if match and _is_leftover(entry, int(match["pid"])):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
                    removed.append(entry.name)
    return removed


def _is_leftover(entry: os.DirEntry, pid: int) -> bool:
    if pid == os.getpid() or not _process_is_gone(pid):
        return False
    try:
        info = entry.stat(follow_symlinks=False)
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and info.st_uid == os.getuid()


def _process_is_gone(pid: int) -> bool:
    if os.name != "posix":  # os.kill would end the process there
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # alive, another user's
        return False
    return False


def _sync_folder(folder: str) -> None:
    """Make the rename itself durable (POSIX; a no-op where folders cannot be opened)."""
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)
