"""Running the command line as a person does: a subprocess, headless."""

from __future__ import annotations

import os
import subprocess
import sys


def run(*args):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "backprop_gui", *args],
        capture_output=True, text=True, timeout=120, env=env,
    )  # fmt: skip
