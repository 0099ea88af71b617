"""Compiling LaTeX in tests: with pdflatex where it is installed, else the test skips."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

PDFLATEX = shutil.which("pdflatex")


def compile_tex(text: str, folder: Path, name: str = "doc") -> Path:
    """Write ``text`` to ``folder/name.tex`` and compile it; fail with the log's error."""
    if PDFLATEX is None:
        pytest.skip("pdflatex is not installed (apt-get install texlive-latex-base)")
    source = folder / f"{name}.tex"
    source.write_text(text, encoding="utf-8")
    done = subprocess.run(
        [PDFLATEX, "-interaction=nonstopmode", "-halt-on-error", source.name],
        cwd=folder, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    errors = [line for line in done.stdout.splitlines() if line.startswith("!")]
    assert done.returncode == 0, f"pdflatex failed: {errors or done.stdout[-2000:]}"
    return folder / f"{name}.pdf"
