"""Importing a CSV file as the data set, with a column mapping.

The file is read by ``core.dataset.read_csv`` (a bad cell is refused with its row and
column). The mapping dialog lists the file's columns: keep it or not, its name in the
graph, and the input that reads it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
)

from ...core.dataset import DataError, Dataset, make_dataset, read_csv
from ..dialog_parts import error_line, ok_cancel
from ..training_commands import SetDataCommand

NO_INPUT = "—"


class ColumnMappingDialog(QDialog):
    """For each column of ``dataset``: keep it, its name, the input that reads it."""

    def __init__(self, dataset: Dataset, inputs: list[str], parent=None):
        super().__init__(parent)
        self.setWindowTitle("Import CSV: columns")
        self.setObjectName("columnMapping")
        self.dataset = dataset
        grid = QGridLayout()
        for col, heading in enumerate(("Use", "Column", "Name in the graph", "Read by input")):
            grid.addWidget(QLabel(f"<b>{heading}</b>"), 0, col)
        self.rows = []
        for row, name in enumerate(dataset.names, start=1):
            keep = QCheckBox(checked=True)
            rename = QLineEdit(name)
            reader = QComboBox()
            reader.addItems([NO_INPUT, *inputs])
            if name in inputs:
                reader.setCurrentText(name)
            for col, widget in enumerate((keep, QLabel(name), rename, reader)):
                grid.addWidget(widget, row, col)
            self.rows.append((name, keep, rename, reader))
        self.error = error_line("columnMappingError")
        buttons = ok_cancel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"{dataset.rows} rows"))
        layout.addLayout(grid)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def mapping(self) -> tuple[Dataset, dict[str, str]]:
        """The data set as mapped and {input: column}; DataError saying what is wrong."""
        columns, bindings = {}, {}
        for name, keep, rename, reader in self.rows:
            if not keep.isChecked():
                continue
            new_name = rename.text().strip()
            if new_name in columns:
                raise DataError(f"two columns are called {new_name!r}")
            columns[new_name] = self.dataset.columns[name]
            if reader.currentText() != NO_INPUT:
                if reader.currentText() in bindings:
                    raise DataError(f"input {reader.currentText()!r} can read only one column")
                bindings[reader.currentText()] = new_name
        return make_dataset(columns, "the columns kept"), bindings

    def accept(self) -> None:
        try:
            self.mapping()
        except DataError as error:
            self.error.setText(str(error))
            return
        super().accept()


def bindable_inputs(graph) -> list[str]:
    """The inputs that may read a column: not trainable."""
    return [n.id for n in graph.nodes() if n.kind == "input" and not n.trainable]


def import_csv(window, document, control) -> None:
    """Ask for a CSV file and its mapping; use it as the data set (one undo step)."""
    path, _ = QFileDialog.getOpenFileName(window, "Import CSV", "", "CSV file (*.csv);;All (*)")
    if not path:
        return
    try:
        dataset = read_csv(Path(path).read_text(encoding="utf-8"), Path(path).name)
    except (OSError, UnicodeDecodeError, DataError) as error:
        QMessageBox.warning(window, "Import CSV", str(error))
        return
    dialog = ColumnMappingDialog(dataset, bindable_inputs(document.graph), window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    dataset, bindings = dialog.mapping()
    control.pause()
    document.push(SetDataCommand(document, dataset, bindings, f"Import {Path(path).name}"))
