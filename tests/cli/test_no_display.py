"""`backprop-gui` without a display: one `error:` line and exit code 2, not Qt's abort."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from backprop_gui.cli import COMMANDS
from backprop_gui.core.examples import EXAMPLES_DIR
from backprop_gui.ui import display

SIGMOID = str(EXAMPLES_DIR / "sigmoid.bpg.json")
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux checks")


def run(*args, **env_changes):
    """The command line in a subprocess with no display at all, plus ``env_changes``."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}  # fmt: skip
    env.update(env_changes)
    return subprocess.run(
        [sys.executable, "-m", "backprop_gui", *args],
        capture_output=True, text=True, timeout=120, env=env,
    )  # fmt: skip


def assert_one_error_line(done, *words) -> None:
    assert done.returncode == 2, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: the GUI needs a display ("), lines
    assert f"the headless commands {', '.join(COMMANDS)} run without one" in lines[0]
    assert all(word in lines[0] for word in words), lines[0]


@linux_only
@pytest.mark.parametrize("args", [[], [SIGMOID]], ids=["default example", "a file"])
def test_the_gui_without_a_display_says_so_in_one_line(args):
    assert_one_error_line(run(*args), "DISPLAY")


@linux_only
@pytest.mark.parametrize("platform", ["xcb", "wayland"])
def test_a_display_platform_without_a_display_says_so_too(platform):
    assert_one_error_line(run(QT_QPA_PLATFORM=platform), "DISPLAY")


@linux_only
@pytest.mark.skipif(
    all(map(display.loadable, display.XCB_PLUGIN_LIBRARIES)),
    reason="every library of Qt's X11 plugin is installed here",
)
def test_a_display_without_the_x11_plugins_libraries_names_the_packages():
    assert_one_error_line(run(DISPLAY=":99"), "apt-get install")


def test_the_headless_commands_run_without_a_display(tmp_path):
    done = run("eval", SIGMOID)
    assert done.returncode == 0, done.stderr
    done = run("render", SIGMOID, "-o", str(tmp_path / "sigmoid.svg"))
    assert done.returncode == 0, done.stderr


@pytest.fixture
def missing(monkeypatch):
    """The libraries the loader will not find (none at first)."""
    gone: set[str] = set()
    monkeypatch.setattr(display, "loadable", lambda library: library not in gone)
    return gone


@pytest.mark.parametrize(
    "environ, platform",
    [
        ({"QT_QPA_PLATFORM": "offscreen"}, "linux"),
        ({"QT_QPA_PLATFORM": "minimal"}, "linux"),
        ({}, "darwin"),
        ({}, "win32"),
        ({"DISPLAY": ":0"}, "linux"),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux"),
        ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "xcb"}, "linux"),
    ],
)
def test_where_the_gui_can_start_nothing_is_said(environ, platform, missing):
    assert display.display_problem(environ, platform) is None


def test_a_missing_x11_library_is_named_with_its_package(missing):
    missing.add("libxcb-cursor.so.0")
    problem = display.display_problem({"DISPLAY": ":0"}, "linux")
    assert "libxcb-cursor.so.0" in problem and "apt-get install libxcb-cursor0" in problem
    # Wayland does not use the X11 plugin; offscreen needs no display at all.
    assert display.display_problem({"DISPLAY": ":0", "WAYLAND_DISPLAY": "w"}, "linux") is None
    assert display.display_problem({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}) is None


def test_no_display_at_all(missing):
    for environ in ({}, {"QT_QPA_PLATFORM": "xcb"}, {"QT_QPA_PLATFORM": "wayland"}):
        assert "neither DISPLAY nor WAYLAND_DISPLAY" in display.display_problem(environ, "linux")
