"""The Check gradients dock: the engine's derivatives against central differences.

Run › Check Gradients checks the graph as it stands (core/gradcheck.py) and lists, per
input and constant, d output/d node by the backward pass and by a central difference
with their relative error, and per edge the op's local derivative against a central
difference of that op alone. Rows where a kink decided the number say why; each card
gets a small ✓ (agrees) or ⚠ (off, or at a kink). Any edit makes the check outdated:
the table and the marks are cleared until it runs again.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import (
    QDockWidget,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ...core import GraphError
from ...core.gradcheck import Check, GradientCheck, check_gradients
from ...core.naming import node_name
from ...core.numbers import format_number
from ..canvas.scene import GraphScene
from ..document import GraphDocument

COLUMNS = ("Derivative", "Analytic", "Numeric", "Rel. error", "", "Note")
OK, WARN = "✓", "⚠"
OFF_BACKGROUND, KINK_BACKGROUND = QColor("#fde2e1"), QColor("#fff4d6")
IDLE_TEXT = "Run › Check Gradients compares every gradient with a central difference."


class CheckPanel(QDockWidget):
    def __init__(self, document: GraphDocument, scene: GraphScene, parent=None):
        super().__init__("Check gradients", parent)
        self.setObjectName("checkPanel")
        self.document, self.scene = document, scene
        self.check: GradientCheck | None = None
        self._marked: list[str] = []
        self.action = QAction("Check &Gradients", self, objectName="actionCheckGradients")
        self.action.setStatusTip("Compare every gradient with a central difference")
        self.action.triggered.connect(self.run)
        self.summary = QLabel(IDLE_TEXT, objectName="checkSummary", wordWrap=True)
        self.table = QTableWidget(0, len(COLUMNS), objectName="checkTable")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        bar = QToolBar()
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        bar.addAction(self.action)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(8, 6, 8, 8)
        for widget in (bar, self.summary, self.table):
            layout.addWidget(widget)
        self.setWidget(body)
        for signal in (document.structureChanged, document.valuesChanged, document.outputChanged):
            signal.connect(self._outdated)

    def run(self) -> None:
        """Check the graph as it stands, fill the table and mark the cards."""
        self.show()
        self.raise_()
        self._clear()
        try:
            self.check = check_gradients(self.document.graph, self.document.evaluation.output)
        except GraphError as error:
            self.summary.setText(f"Nothing to check: {error}.")
            return
        self._fill(self.check)
        self._mark(self.check)
        self.summary.setText(_summary(self.check))

    def _outdated(self) -> None:
        if self.check is not None:
            self._clear()
            self.summary.setText("The graph changed: check again (Run › Check Gradients).")

    def _clear(self) -> None:
        self.check = None
        self.table.setRowCount(0)
        for node_id in self._marked:
            item = self.scene.node_item(node_id)
            if item is not None:
                item.set_check_mark(None)
        self._marked = []

    def _fill(self, check: GradientCheck) -> None:
        graph = self.document.graph
        out = node_name(graph, check.output)
        rows = [(f"d{out}/d{node_name(graph, leaf)}", c) for leaf, c in check.leaves.items()]
        for (source, target, port), c in check.edges.items():
            ports = graph.operands(target)
            which = f" (port {port})" if ports.count(source) > 1 else ""
            name = f"∂{node_name(graph, target)}/∂{node_name(graph, source)}{which}"
            rows.append((name, c))
        self.table.setRowCount(len(rows))
        for row, (name, c) in enumerate(rows):
            texts = (
                name, format_number(c.analytic), format_number(c.numeric), f"{c.error:.1e}",
                _verdict(c), "; ".join(c.kinks),
            )  # fmt: skip
            background = KINK_BACKGROUND if c.kink else None if c.ok else OFF_BACKGROUND
            for column, text in enumerate(texts):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                if background is not None:
                    cell.setBackground(background)
                self.table.setItem(row, column, cell)

    def _mark(self, check: GradientCheck) -> None:
        """✓ or ⚠ on each checked input and constant, and on each op by its edges."""
        verdicts = {leaf: _verdict(c) for leaf, c in check.leaves.items()}
        for (_source, target, _port), c in check.edges.items():
            if verdicts.get(target) != WARN:
                verdicts[target] = _verdict(c)
        for node_id, verdict in verdicts.items():
            item = self.scene.node_item(node_id)
            if item is not None:
                item.set_check_mark(verdict)
        self._marked = list(verdicts)


def _verdict(check: Check) -> str:
    return OK if check.ok and not check.kink else WARN


def _summary(check: GradientCheck) -> str:
    """How many agree, disagree, and sit at a kink: a kink's number is the convention's,
    which no difference quotient confirms, so it is never counted as agreeing."""
    checks = [*check.leaves.values(), *check.edges.values()]
    off = sum(not c.ok for c in checks)
    kinks = sum(c.ok and c.kink for c in checks)
    agree = len(checks) - off - kinks
    if off:
        text = f"{off} of {len(checks)} derivatives disagree with central differences"
    elif kinks:
        text = f"{agree} of {len(checks)} derivatives agree with central differences"
    else:
        text = f"All {len(checks)} derivatives agree with central differences"
    if kinks:
        text += f"; {kinks} at a kink, decided by the convention"
    return text + "."
