"""The test run never writes the person's own settings (Open Recent, window geometry):
QSettings here and in every subprocess go to a temporary folder, and a session that
changed the real settings file fails."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from backprop_gui.ui.files import SETTINGS

CONFTEST = Path(__file__).with_name("conftest.py")
FILE_NAME = "from PySide6.QtCore import QSettings; print(QSettings(*{!r}).fileName())"


def test_settings_here_and_in_subprocesses_go_to_the_sessions_folder(settings_folder):
    assert Path(QSettings(*SETTINGS).fileName()).is_relative_to(settings_folder)
    done = subprocess.run(
        [sys.executable, "-c", FILE_NAME.format(SETTINGS)],
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    assert Path(done.stdout.strip()).is_relative_to(settings_folder)


WRITES_SETTINGS = """
import os
from PySide6.QtCore import QSettings

def test_writes_settings():
    if os.environ["SNEAK"] == "1":  # behind the fixtures' back, into the "real" folder
        for settings_format in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
            QSettings.setPath(settings_format, QSettings.Scope.UserScope, os.environ["REAL"])
    settings = QSettings("backprop-gui", "backprop-gui")
    settings.setValue("recentFiles", ["/somewhere/graph.bpg.json"])
    settings.sync()
"""


@pytest.mark.parametrize("sneak", [False, True], ids=["through QSettings", "past the fixture"])
def test_a_session_that_changes_the_real_settings_fails(tmp_path, sneak):
    """A session of its own, with the conftest of this one, whose "real" settings
    folder is a temporary one."""
    session = tmp_path / "session"
    session.mkdir()
    (session / "conftest.py").write_text(CONFTEST.read_text(encoding="utf-8"), encoding="utf-8")
    (session / "test_writes.py").write_text(WRITES_SETTINGS, encoding="utf-8")
    (session / "pytest.ini").write_text("[pytest]\nqt_api = pyside6\n", encoding="utf-8")
    real = tmp_path / "real-config"
    (real / SETTINGS[0]).mkdir(parents=True)
    (real / SETTINGS[0] / f"{SETTINGS[1]}.conf").write_text("[General]\n", encoding="utf-8")
    env = {**os.environ, "XDG_CONFIG_HOME": str(real), "REAL": str(real), "SNEAK": str(int(sneak))}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         f"--basetemp={tmp_path / 'temporary'}", str(session)],
        cwd=session, capture_output=True, text=True, timeout=120, env=env,
    )  # fmt: skip
    if sneak:
        assert done.returncode != 0
        assert "the tests changed the user's own settings file" in done.stdout
    else:
        assert done.returncode == 0, done.stdout
    written = (real / SETTINGS[0] / f"{SETTINGS[1]}.conf").read_text(encoding="utf-8")
    assert ("recentFiles" in written) == sneak
