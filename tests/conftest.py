"""Fixtures for every test: Qt without a screen, and the person's own settings and
recovery files untouched.

The app keeps Open Recent, window geometry and the dock layout in QSettings (on Linux
``~/.config/backprop-gui/backprop-gui.conf``). For the whole session, QSettings in this
process and in every subprocess a test starts (``XDG_CONFIG_HOME``) point at a temporary
folder; at the end the session fails if the real settings folder changed anyway.
Autosave's recovery files (ui/recovery.py) live in the data location: each test gets
its own empty ``XDG_DATA_HOME``, here and in its subprocesses.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from backprop_gui.ui.files import SETTINGS

# Tests never need a screen; pytest-qt creates the QApplication offscreen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def point_settings_at(folder: Path) -> None:
    """Make every QSettings created from now on in this process live under ``folder``."""
    for settings_format in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(settings_format, QSettings.Scope.UserScope, str(folder))


def snapshot(real: Path) -> tuple[bytes | None, list[str] | None]:
    """The settings file's bytes (None: no file) and the listing of its folder when that
    is the app's own (``~/.config/backprop-gui``; not a shared one such as macOS's)."""
    data = real.read_bytes() if real.is_file() else None
    folder = real.parent
    own = folder.name == SETTINGS[0] and folder.is_dir()
    return data, sorted(path.name for path in folder.iterdir()) if own else None


@pytest.fixture(scope="session", autouse=True)
def settings_folder(tmp_path_factory):
    """The session's settings folder, in place of the user's real one (checked at the end)."""
    real = Path(QSettings(*SETTINGS).fileName())  # asked before anything is redirected
    before = snapshot(real)
    folder = tmp_path_factory.mktemp("config")
    point_settings_at(folder)
    old_config_home = os.environ.get("XDG_CONFIG_HOME")
    os.environ["XDG_CONFIG_HOME"] = str(folder)  # Qt in subprocesses reads it
    yield folder
    if old_config_home is None:
        del os.environ["XDG_CONFIG_HOME"]
    else:
        os.environ["XDG_CONFIG_HOME"] = old_config_home
    after = snapshot(real)
    if after != before:
        changed = "its bytes" if after[0] != before[0] else f"its folder: {before[1]} -> {after[1]}"
        pytest.fail(
            f"the tests changed the user's own settings file {real} ({changed}); "
            "every QSettings must go to the session's temporary folder",
            pytrace=False,
        )


@pytest.fixture(autouse=True)
def data_folder(tmp_path_factory, monkeypatch):
    """This test's data location (recovery files), in place of the user's real one."""
    folder = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("XDG_DATA_HOME", str(folder))  # read by Qt at each use, on Linux
    return folder


@pytest.fixture
def wrong_sin(monkeypatch) -> str:
    """A test-only op "wrong_sin": sin, but with a derivative twice cos (a wrong partial
    the gradient check must catch, with relative error 0.5). Returns its name."""
    import dataclasses
    import math

    from backprop_gui.core.ops import OPS

    wrong = dataclasses.replace(
        OPS["sin"], name="wrong_sin", partials=lambda x, o: (2 * math.cos(x),),
        array_partials=lambda x, o: (2 * math.cos(x),),
    )  # fmt: skip
    monkeypatch.setitem(OPS, "wrong_sin", wrong)
    return "wrong_sin"
