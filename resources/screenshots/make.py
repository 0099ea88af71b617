"""Take the README's screenshots: the real main window, rendered headless.

Run from the repository root (no screen needed)::

    QT_QPA_PLATFORM=offscreen python resources/screenshots/make.py            # README's
    QT_QPA_PLATFORM=offscreen python resources/screenshots/make.py --all OUT  # every example

Each shot opens an example in a main window of the given size, runs Backward and
saves ``window.grab()``. The default writes ``main-window.png`` (the sigmoid example,
1600×1000, light) next to this script; ``--all OUT`` writes every example at 1280×800
and 1600×1000 in the light, dark and presentation looks into the folder OUT, for
checking by eye. Settings go to a temporary folder, never the person's own.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SIZES = [(1280, 800), (1600, 1000)]
LOOKS = ("light", "dark", "presentation")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], allow_abbrev=False)
    parser.add_argument("--all", metavar="OUT", help="every example, size and look into OUT")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="backprop-gui-shots-")
    sys.path.insert(0, str(HERE.parent.parent))
    from PySide6.QtWidgets import QApplication

    from backprop_gui.core.examples import EXAMPLES_DIR
    from backprop_gui.ui.theme import apply_theme

    app = QApplication(["backprop-gui"])
    apply_theme(app, dark=False)
    if args.all is None:
        shoot(
            app, EXAMPLES_DIR / "sigmoid.bpg.json", (1600, 1000), "light", HERE / "main-window.png"
        )
        return
    out = Path(args.all)
    out.mkdir(parents=True, exist_ok=True)
    for path in sorted(EXAMPLES_DIR.glob("*.bpg.json")):
        for width, height in SIZES:
            for look in LOOKS:
                name = f"{path.name.split('.')[0]}-{width}x{height}-{look}.png"
                shoot(app, path, (width, height), look, out / name)
                print(out / name)


def shoot(app, example: Path, size: tuple[int, int], look: str, target: Path) -> None:
    """``example`` after Backward in a window of ``size`` in ``look``, saved to ``target``."""
    from backprop_gui.ui.main_window import MainWindow

    window = MainWindow(str(example))
    window.resize(*size)
    window.show()
    window.looks.dark_action.setChecked(look != "light")
    if look == "presentation":
        window.looks.presentation_action.setChecked(True)
        window.showNormal()  # offscreen "full screen" is the virtual screen: keep the size
        window.resize(*size)
    settle(app)
    window.run_controls.backward()
    settle(app)
    window.grab().save(str(target))
    window.looks.presentation_action.setChecked(False)
    window.looks.dark_action.setChecked(False)
    window.document.undo_stack.setClean()
    window.close()


def settle(app) -> None:
    """Let the window lay itself out, fit the graph and place the edge labels."""
    for _ in range(5):
        app.processEvents()


if __name__ == "__main__":
    main()
