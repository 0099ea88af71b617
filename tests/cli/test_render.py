"""`backprop-gui render`: a coloured picture of a graph, headless."""

import os
import subprocess
import sys

import pytest
from cli_helpers import run
from PySide6.QtGui import QImage

from backprop_gui.core.examples import EXAMPLES_DIR
from backprop_gui.ui.colors import GradientScale

SIGMOID = str(EXAMPLES_DIR / "sigmoid.bpg.json")


def colours_in(image: QImage) -> set[str]:
    return {
        image.pixelColor(x, y).name()
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
    }


def test_render_png_shows_the_gradient_colours(tmp_path):
    out = tmp_path / "sigmoid.png"
    done = run("render", SIGMOID, "-o", str(out))
    assert done.returncode == 0, done.stderr
    image = QImage(str(out))
    assert not image.isNull() and image.width() > 400
    drawn = colours_in(image)
    viridis = {c.name() for c in GradientScale.fit("log", [1.0]).colormap.colors}
    assert len(drawn & viridis) >= 3  # node bodies and the legend carry the colormap


def test_render_svg(tmp_path):
    out = tmp_path / "sigmoid.svg"
    done = run("render", SIGMOID, "-o", str(out), "--output", "add")
    assert done.returncode == 0, done.stderr
    assert "<svg" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "args, message",
    [
        (["render", "missing.json", "-o", "x.png"], "cannot read"),
        (["render", SIGMOID, "-o", "x.gif"], ".png or .svg"),
        (["render", SIGMOID, "-o", "x.png", "--output", "nope"], "no node 'nope'"),
        (["render", SIGMOID, "-o", "/proc/x.svg"], "cannot write '/proc/x.svg'"),
    ],
)
def test_render_errors_are_one_line(tmp_path, args, message):
    done = run(*args)
    assert done.returncode == 2
    assert len(done.stderr.splitlines()) == 1 and message in done.stderr
    assert done.stderr.startswith("error: ")


def test_render_reads_and_writes_no_settings(tmp_path):
    """Open Recent and the window geometry are the person's: a headless drawing
    touches neither (it builds no main window)."""
    config = tmp_path / "config"
    config.mkdir()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(config)}
    done = subprocess.run(
        [sys.executable, "-m", "backprop_gui", "render", SIGMOID, "-o", str(tmp_path / "s.png")],
        capture_output=True, text=True, timeout=120, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert list(config.rglob("*")) == []
