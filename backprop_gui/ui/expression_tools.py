"""Expressions in and out of the canvas, auto-layout and the welcome list of examples.

* The expression bar above the canvas: Enter builds the typed expression's graph,
  replacing the current one (after asking, as New does, if it has unsaved changes) or
  added beside it, as one undo step. A refusal shows beside the field until the text
  changes or another graph is loaded.
* Edit › Auto-Layout (L): the layered layout of core.layout, as one undo step.
* File › Copy as Expression, and a "Formula" row in the inspector: the selected
  node's subgraph as text.
* A welcome panel listing the examples when the app starts without a file.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QLabel,
    QLineEdit,
    QTextBrowser,
    QToolBar,
    QToolTip,
)

from ..core import GraphError, default_output
from ..core.examples import list_examples
from ..core.expression import ExpressionError, graph_to_expression, parse_expression
from ..core.layout import layered_layout
from .commands import AddGraphCommand, MoveNodesCommand, ReplaceGraphCommand

if TYPE_CHECKING:
    from .main_window import MainWindow

REPLACE, ADD = "Replace graph", "Add to graph"
GAP_BELOW = 120.0  # scene units between the current graph and an added expression
ERROR_WIDTH = 360  # px: a longer refusal wraps, so the selectors beside it stay in view


class ExpressionTools(QObject):
    """The expression ``bar``, Auto-Layout and Copy as Expression (``layout_action`` and
    ``copy_action``), which the window places, and the inspector's Formula row."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.document = window.document
        self._create_bar()
        self._create_actions()
        self._create_formula_row()

    # ------------------------------------------------------------ expression bar

    def _create_bar(self) -> None:
        self.bar = QToolBar("Expression", self.window)
        self.bar.setObjectName("expressionBar")
        self.bar.setMovable(False)
        self.field = QLineEdit()
        self.field.setObjectName("expressionEdit")
        self.field.setPlaceholderText(
            "Type an expression, e.g. 1/(1+exp(-x)) or  h = w*x + b; y = relu(h),  and press Enter"
        )
        self.field.setClearButtonEnabled(True)
        self.field.returnPressed.connect(self.build)
        self.field.textChanged.connect(lambda _text: self._show_error(None))
        self.error_label = QLabel()
        self.error_label.setObjectName("expressionError")
        self.error_label.setWordWrap(True)
        self.error_label.setMaximumWidth(ERROR_WIDTH)
        self.error_label.setStyleSheet("QLabel { color: #d03030; }")
        self.document.graphReplaced.connect(lambda: self._show_error(None))
        self.mode = QComboBox()
        self.mode.setObjectName("expressionMode")
        self.mode.addItems([REPLACE, ADD])
        self.mode.setToolTip("Enter replaces the graph with the expression's, or adds it below")
        self.bar.addWidget(QLabel(" ƒ "))
        self.bar.addWidget(self.field)
        self.error_shown = self.bar.addWidget(self.error_label)
        self.error_shown.setVisible(False)
        self.bar.addWidget(self.mode)

    def build(self) -> None:
        """Build the graph of the typed expression (one undo step)."""
        text = self.field.text()
        try:
            graph = parse_expression(text)
        except ExpressionError as error:
            self._show_error(error)
            return
        if self.mode.currentText() == REPLACE:
            if not self.window.files.maybe_save("replacing it with the expression's graph"):
                return
            self.document.push(ReplaceGraphCommand(self.document, graph, "Build from expression"))
        else:
            offset = self._below_current(graph)
            self.document.push(AddGraphCommand(self.document, graph, offset, "Add expression"))
        self.window.say(f"Built {len(graph)} nodes from {text.strip()}")
        QTimer.singleShot(0, self.window.canvas.fit_to_view)

    def _below_current(self, graph) -> tuple[float, float]:
        """An offset that puts ``graph`` below the current content, left-aligned."""
        current = self.window.scene.content_rect()
        if not len(self.document.graph):
            return 0.0, 0.0
        top = min(node.pos[1] for node in graph.nodes())
        left = min(node.pos[0] for node in graph.nodes())
        return current.left() - left, current.bottom() + GAP_BELOW - top

    def _show_error(self, error: ExpressionError | None) -> None:
        """Mark the field red with the message beside it, and put the cursor where it
        points; None clears them."""
        self.field.setProperty("invalid", error is not None)
        self.field.setStyleSheet("QLineEdit { border: 1px solid #d03030; }" if error else "")
        self.field.setToolTip(str(error) if error else "")
        text = str(error) if error else ""
        self.error_label.setText(text)
        width = self.error_label.fontMetrics().horizontalAdvance(text)
        self.error_label.setMinimumWidth(min(width, ERROR_WIDTH))  # one line if it fits
        self.error_shown.setVisible(error is not None)
        if error is None:
            return
        self.window.say(f"Expression: {error}")
        self.field.setCursorPosition(error.position)
        self.field.setFocus()

    # ----------------------------------------------------------------- actions

    def _create_actions(self) -> None:
        window = self.window
        self.layout_action = QAction("Auto-&Layout", window)
        self.layout_action.setObjectName("actionLayout")
        self.layout_action.setShortcut(QKeySequence("L"))
        self.layout_action.setStatusTip("Arrange the graph in layers, left to right")
        self.layout_action.triggered.connect(self.auto_layout)
        self.copy_action = QAction("Copy as &Expression", window)
        self.copy_action.setObjectName("actionCopyExpression")
        self.copy_action.setShortcut(QKeySequence("Ctrl+Shift+C"))
        self.copy_action.setStatusTip("Copy the selected node's formula (else the output's)")
        self.copy_action.triggered.connect(self.copy_expression)
        window.addActions([self.layout_action, self.copy_action])

    def auto_layout(self) -> None:
        graph = self.document.graph
        if not len(graph):
            return
        positions = layered_layout(graph)
        moves = {
            node_id: (graph.node(node_id).pos, pos)
            for node_id, pos in positions.items()
            if graph.node(node_id).pos != pos
        }
        if moves:
            self.document.push(MoveNodesCommand(self.document, moves, "Auto-layout"))
        QTimer.singleShot(0, self.window.canvas.fit_to_view)

    def copy_expression(self) -> None:
        node_id = self._formula_node()
        if node_id is None:
            self.window.say("Select a node to copy its expression")
            return
        text = graph_to_expression(self.document.graph, node_id)
        QGuiApplication.clipboard().setText(text)
        self.window.say(f"Copied: {text}")

    def _formula_node(self) -> str | None:
        """The selected node, else the output (chosen, or the unique sink)."""
        selected = self.window.scene.selected_node_ids()
        if selected:
            return selected[0]
        return default_output(self.document.graph)

    # ---------------------------------------------------------------- formula

    def _create_formula_row(self) -> None:
        self.formula = QLabel()
        self.formula.setObjectName("formulaLabel")
        self.formula.setWordWrap(True)
        self.formula.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.window.inspector.add_row("Formula", self.formula)
        self.window.canvas.viewport().installEventFilter(self)
        self.window.scene.selectionChanged.connect(self._update_formula)
        self.document.structureChanged.connect(self._update_formula)
        self.document.nodeChanged.connect(lambda _id, _key: self._update_formula())
        self._update_formula()

    def eventFilter(self, watched, event) -> bool:
        """A node's tooltip on the canvas ends with its formula, made when it is shown."""
        if event.type() != QEvent.Type.ToolTip:
            return False
        canvas = self.window.canvas
        item = self.window.scene.node_at(canvas.mapToScene(event.pos()))
        if item is None:
            return False
        try:
            formula = graph_to_expression(self.document.graph, item.node_id)
        except GraphError:
            return False
        tip = f"{self.window.scene.tooltip_for(item)}<br>= {escape(formula, quote=False)}"
        QToolTip.showText(event.globalPos(), tip, canvas.viewport())
        return True

    def _update_formula(self) -> None:
        selected = self.window.scene.selected_node_ids()
        text = ""
        if len(selected) == 1:
            try:
                text = graph_to_expression(self.document.graph, selected[0])
            except GraphError:
                text = ""
        self.formula.setText(text)
        self.window.inspector.form.setRowVisible(self.formula, bool(text))


# ---------------------------------------------------------------------- welcome


def welcome_dock(window: MainWindow, beside: QDockWidget) -> QDockWidget:
    """A dock listing every example with its description (a click opens it), in a tab
    in front of ``beside``."""
    welcome = QDockWidget("Welcome", window)
    welcome.setObjectName("welcome")
    page = QTextBrowser()
    page.setObjectName("welcomeExamples")
    page.setOpenLinks(False)
    page.setHtml(_welcome_html(list_examples()))
    page.anchorClicked.connect(
        lambda url: window.files.open_path(url.toLocalFile(), as_untitled=True)
    )
    welcome.setWidget(page)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, welcome)
    window.tabifyDockWidget(beside, welcome)
    welcome.raise_()
    return welcome


def _welcome_html(examples) -> str:
    items = "".join(
        f'<p><a href="{QUrl.fromLocalFile(str(e.path)).toString()}"><b>{escape(e.title)}</b></a>'
        f"<br>{escape(e.description)}</p>"
        for e in examples
    )
    return (
        "<h3>Welcome to backprop-gui</h3>"
        "<p>Type an expression above the canvas, drag nodes from the palette, "
        "or open an example:</p>" + items
    )
