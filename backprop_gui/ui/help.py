"""The Help menu: keyboard shortcuts, how to read the canvas, and About.

The shortcuts page is made from the window's own actions when it opens, so it lists
exactly the keys that work.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMainWindow,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from .. import __version__
from .actions import make_action

LICENCE = "MIT"
READING_GUIDE = """
<h3>Reading the canvas</h3>
<p><b>A card</b> is one node: an <i>input</i> (a variable you set), a <i>constant</i>, or an
<i>operation</i> (its name in the coloured strip on top). Its big title is the node's
name: its label, else a short name such as <i>u</i><sub>1</sub>, <i>u</i><sub>2</sub> for
unlabelled operations (the same name is used in the step-through).</p>
<p><b>value 0.5</b> is what the node computes in the forward pass.
<b>grad 0.25</b> is its gradient: how much the output changes per unit change of this
node, d output / d node, from the backward pass.</p>
<p><b>The colour of a card</b> is its gradient's size on the scale shown in the legend
(viridis: dark purple small, yellow large; log scale by default, so gradients that
differ a thousandfold are still told apart). In the signed scale, blue is negative,
white zero and red positive. <b>Grey</b>: the node does not reach the output, so it
has no gradient (or its gradient is NaN).</p>
<p><b>The number on an edge</b> is the local derivative ∂child/∂parent of the one
operation it feeds. The edge's <b>width and colour</b> show the gradient flowing back
along it: the child's gradient times that local derivative. Where an edge has no room
for its number, hover over it: the tooltip gives it.</p>
<p><b>The chain rule</b>: a node's gradient is the sum, over the edges leaving it, of
(the child's gradient) · (the local derivative): d<i>T</i>/d<i>x</i> =
d<i>T</i>/d<i>y</i>·∂<i>y</i>/∂<i>x</i> + … . Step (F10) shows it one term at a time.</p>
<p><b>A red dashed outline and ⚠</b>: the value is NaN or infinite; the tooltip says
which operation produced it.</p>
"""


class HelpMenu(QObject):
    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self.window = window
        self.actions = [
            make_action(window, "actionShortcuts", "&Keyboard Shortcuts", self.show_shortcuts,
                        [QKeySequence.StandardKey.HelpContents]),
            make_action(window, "actionReadingGuide", "How to &Read the Colours and Numbers",
                        self.show_reading_guide),
            None,
            make_action(window, "actionAbout", "&About backprop-gui", self.show_about),
        ]  # fmt: skip
        self.dialog: QDialog | None = None  # the page open now

    def show_shortcuts(self) -> None:
        # QWidget.actions: the window's own ``actions`` attribute is its dict of them
        self._show("Keyboard Shortcuts", shortcuts_html(QWidget.actions(self.window)))

    def show_reading_guide(self) -> None:
        self._show("How to Read the Colours and Numbers", READING_GUIDE)

    def show_about(self) -> None:
        self._show(
            "About backprop-gui",
            f"<h3>backprop-gui {escape(__version__)}</h3>"
            "<p>Build a computation graph and watch backpropagation on it.</p>"
            f"<p>Licence: {LICENCE}. Built with Qt (PySide6), networkx, NumPy and "
            "pyqtgraph (its viridis and CET-D1 colour maps).</p>",
        )

    def _show(self, title: str, html: str) -> None:
        """A small non-modal window with ``html``, closed with its button or Escape."""
        dialog = QDialog(self.window)
        dialog.setObjectName("helpPage")
        dialog.setWindowTitle(title)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        page = QTextBrowser(objectName="helpText")
        page.setHtml(html)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(dialog.close)
        layout = QVBoxLayout(dialog)
        layout.addWidget(page)
        layout.addWidget(buttons)
        dialog.resize(560, 520)
        dialog.show()
        self.dialog = dialog


def shortcuts_html(actions: list[QAction]) -> str:
    """A table of every action that has keys, in menu order: what it does, its keys."""
    rows = []
    for action in actions:
        keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
        text = action.text().replace("&", "")
        if keys and text:
            rows.append(
                f"<tr><td>{escape(text)}</td><td><b>{escape(', '.join(keys))}</b></td></tr>"
            )
    return (
        "<h3>Keyboard shortcuts</h3><table cellspacing='0' cellpadding='4'>"
        + "".join(rows)
        + "</table><p>On the canvas: Tab opens the node search; the mouse wheel zooms "
        "(over a selected input, it changes its value); the middle button or Space+drag "
        "pans.</p>"
    )
