"""The data part of the Train dock: a built-in data set (rows, noise, seed) or a CSV
file, and a summary of the data the graph has.

Using a data set is one undo step (:class:`SetDataCommand`). Inputs whose id or label
is a column's name and that read no other column are bound to it in the same step,
so the examples' inputs (x, x1, x2, y) take the new data at once.
"""

from __future__ import annotations

import inspect

from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QWidget,
)

from ...core.data_generators import GENERATORS
from ..training_commands import SetDataCommand
from .csv_import import bindable_inputs, import_csv

# The generators in the order the menu lists them, with the names people know them by.
GENERATOR_TITLES = {
    "line": "line", "parabola": "parabola", "sine": "sine", "blobs": "two blobs",
    "xor": "XOR", "moons": "two moons", "circles": "circles", "spiral": "spiral",
}  # fmt: skip


class DataSection(QWidget):
    def __init__(self, window, document, control, parent=None):
        super().__init__(parent)
        self.window, self.document, self.control = window, document, control
        self.generator = QComboBox(objectName="trainGenerator")
        for name, title in GENERATOR_TITLES.items():
            self.generator.addItem(title, name)
        self.rows = QSpinBox(objectName="trainRows", minimum=1, maximum=100_000)
        self.noise = QDoubleSpinBox(objectName="trainNoise", minimum=0.0, maximum=5.0)
        self.noise.setSingleStep(0.05)
        self.seed = QSpinBox(objectName="trainDataSeed", minimum=0, maximum=2**31 - 1)
        self.generate = QPushButton("Use", objectName="trainGenerate")
        self.generate.setToolTip("Use this data set (the inputs named like its columns read them)")
        self.csv = QPushButton("Import CSV…", objectName="trainImportCsv")
        self.summary = QLabel(objectName="trainDataSummary")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("color: #4b5563;")
        numbers = QHBoxLayout()
        for label, widget in (("rows", self.rows), ("noise", self.noise), ("seed", self.seed)):
            numbers.addWidget(QLabel(label))
            numbers.addWidget(widget, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.generate)
        buttons.addWidget(self.csv)
        buttons.addStretch(1)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.summary)
        form.addRow("New data", self.generator)
        form.addRow(numbers)
        form.addRow(buttons)
        self.generator.currentIndexChanged.connect(self._generator_chosen)
        self.generate.clicked.connect(self.use_generated)
        self.csv.clicked.connect(lambda: import_csv(self.window, self.document, self.control))
        document.dataChanged.connect(self.refresh)
        document.graphReplaced.connect(self.refresh)
        document.nodeChanged.connect(lambda _id, key: key == "column" and self.refresh())
        self._generator_chosen()
        self.refresh()

    def _generator_chosen(self) -> None:
        """The chosen generator's own rows and noise."""
        defaults = inspect.signature(GENERATORS[self.generator.currentData()]).parameters
        self.rows.setValue(defaults["rows"].default)
        self.noise.setValue(defaults["noise"].default)

    def use_generated(self) -> None:
        name = self.generator.currentData()
        dataset = GENERATORS[name](self.rows.value(), self.noise.value(), self.seed.value())
        bindings = _matching_inputs(self.document.graph, dataset.names)
        self.control.pause()
        text = f"Use data: {self.generator.currentText()}"
        self.document.push(SetDataCommand(self.document, dataset, bindings, text))

    def refresh(self) -> None:
        graph = self.document.graph
        data = graph.data
        if data is None:
            self.summary.setText("No data: each input has its one value.")
            return
        bound = graph.columns_bound()
        readers = {column: [n for n, c in bound.items() if c == column] for column in data.names}
        described = [
            f"{column} → {', '.join(readers[column])}" if readers[column] else f"{column} (unused)"
            for column in data.names
        ]
        self.summary.setText(f"{data.rows} rows · " + " · ".join(described))


def _matching_inputs(graph, columns: list[str]) -> dict[str, str]:
    """{input: column} for each bindable input named (id or label) like a column and
    reading no other column."""
    bound = graph.columns_bound()
    matches = {}
    for node_id in bindable_inputs(graph):
        node = graph.node(node_id)
        for name in (node.id, node.label):
            if name in columns and bound.get(node_id) in (None, name):
                matches[node_id] = name
                break
    return matches
