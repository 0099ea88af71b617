"""backprop_gui.core never imports Qt: scripts, notebooks and the CLI run without it."""

import re
import subprocess
import sys
from pathlib import Path

import backprop_gui.core

CORE = Path(backprop_gui.core.__file__).parent
REPO = CORE.parents[1]

IMPORT_EVERY_CORE_MODULE = """
import importlib, pkgutil, sys
import backprop_gui.core as core
names = [m.name for m in pkgutil.iter_modules(core.__path__, "backprop_gui.core.")]
for name in names:
    importlib.import_module(name)
qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "PyQt5", "PyQt6", "shiboken6"))
print(len(names), qt)
"""


def test_importing_every_core_module_loads_no_qt():
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_EVERY_CORE_MODULE],
        cwd=REPO, capture_output=True, text=True, check=True,
    )  # fmt: skip
    count, qt = done.stdout.split(" ", 1)
    assert int(count) >= 6
    assert qt.strip() == "[]"


def test_no_core_source_mentions_qt():
    pattern = re.compile(r"^\s*(import|from)\s+(PySide6|PyQt5|PyQt6|shiboken6)\b", re.MULTILINE)
    for source in CORE.glob("*.py"):
        assert not pattern.search(source.read_text(encoding="utf-8")), source.name
