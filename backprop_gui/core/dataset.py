"""A data set: named columns of finite numbers, one sample per row.

Data rows are counted from 0 everywhere, in the order they are stored (``Dataset.row``,
``eval --row K``, every message about a datum); a message about a CSV file also names
the file's line (the header is line 1), as an editor shows it.

An input node bound to a column (``Node.column``) takes its values from it, one per
row; the engine then evaluates every node over the rows at once. A :class:`Dataset`
is immutable (its arrays are read-only), so an undo command can keep the one it
replaced and put it back.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from .errors import GraphError
from .numbers import as_number, parse_number
from .quoting import quoted

MAX_NUMBERS = 10_000_000  # in all columns together


class DataError(GraphError):
    """Data that cannot be used; the message names the column and row."""


@dataclass(frozen=True, eq=False)
class Dataset:
    """Columns by name, every one a read-only float64 array of ``rows`` numbers."""

    columns: Mapping[str, np.ndarray]

    @property
    def names(self) -> list[str]:
        return list(self.columns)

    @property
    def rows(self) -> int:
        return len(next(iter(self.columns.values())))

    def row(self, index: int) -> dict[str, float]:
        """Row ``index`` (0-based) as {column: number}; DataError if there is none."""
        if not 0 <= index < self.rows:
            raise DataError(
                f"there is no data row {index} (the data rows are 0 to {self.rows - 1})"
            )
        return {name: float(values[index]) for name, values in self.columns.items()}

    def to_lists(self) -> dict[str, list[float]]:
        return {name: values.tolist() for name, values in self.columns.items()}

    def __eq__(self, other) -> bool:
        return (
            isinstance(other, Dataset)
            and self.names == other.names
            and all(np.array_equal(self.columns[n], other.columns[n]) for n in self.names)
        )


def make_dataset(columns: Mapping[str, Iterable], where: str = "data") -> Dataset:
    """A Dataset of ``columns``, refused (DataError naming the place) unless every column
    has a name, N ≥ 1 finite numbers, the same N as the others, and all hold at most
    MAX_NUMBERS numbers together. ``where`` prefixes the messages ("data.columns")."""
    if not isinstance(columns, Mapping) or not columns:
        raise DataError(f"{where}: needs at least one column")
    arrays: dict[str, np.ndarray] = {}
    total = 0
    for name, values in columns.items():
        if not isinstance(name, str) or not name:
            raise DataError(f"{where}: a column name must be a non-empty text, not {quoted(name)}")
        array = _column(values, f"{where}: column {quoted(name)}")
        total += len(array)
        if total > MAX_NUMBERS:
            raise DataError(f"{where}: more than {MAX_NUMBERS:,} numbers in all")
        first = next(iter(arrays.items()), None)
        if first is not None and len(array) != len(first[1]):
            raise DataError(
                f"{where}: column {quoted(name)} has {len(array)} rows but column "
                f"{quoted(first[0])} "
                f"has {len(first[1])}; every column needs the same number"
            )
        array.setflags(write=False)
        arrays[name] = array
    return Dataset(MappingProxyType(arrays))


def _column(values, place: str) -> np.ndarray:
    if isinstance(values, np.ndarray):
        values = values.tolist()
    if not isinstance(values, list | tuple) or not values:
        raise DataError(f"{place}: must be a non-empty list of numbers")
    if all(type(v) in (float, int) for v in values):  # the fast path: plain numbers
        try:
            array = np.array(values, dtype=np.float64)
        except OverflowError:  # an int too large for a float
            array = None
        if array is not None and np.isfinite(array).all():
            return array
    return np.array(_checked_numbers(values, place), dtype=np.float64)


def _checked_numbers(values, place: str) -> list[float]:
    """The values as floats, one by one; DataError at the first that is not a finite
    number (text, a bool, None, NaN, ±inf, an int too large)."""
    numbers = []
    for row, value in enumerate(values):
        number = as_number(value)
        if number is None:
            raise DataError(f"{place}, data row {row}: {quoted(value)} is not a number")
        if not np.isfinite(number):
            raise DataError(f"{place}, data row {row}: {quoted(value)} is not a finite number")
        numbers.append(number)
    return numbers


def read_csv(text: str, where: str = "the CSV") -> Dataset:
    """The Dataset of CSV text: a header row of column names, then numbers only (as
    :func:`numbers.parse_number` reads them: "1_000", "nan" and "inf" are refused).

    An error names the line of the file (the header is line 1), the data row (from 0)
    and the column by name.
    """
    records = _records(text)
    if not records:
        raise DataError(f"{where} is empty: it needs a header row of column names")
    header = [name.strip() for name in records[0][1]]
    for index, name in enumerate(header):
        if not name:
            raise DataError(f"{where}, line 1 (the header): column {index + 1} has no name")
        if name in header[:index]:
            raise DataError(
                f"{where}, line 1 (the header): column name {quoted(name)} appears twice"
            )
    if len(records) == 1:
        raise DataError(f"{where} has a header but no rows of data")
    columns: dict[str, list[float]] = {name: [] for name in header}
    for row, (line, cells) in enumerate(records[1:]):
        place = f"{where}, line {line} (data row {row})"
        if len(cells) != len(header):
            raise DataError(f"{place}: {len(cells)} values for {len(header)} columns")
        for name, cell in zip(header, cells):
            columns[name].append(_csv_number(cell, f"{place}, column {quoted(name)}"))
    return make_dataset(columns, where)


def _records(text: str) -> list[tuple[int, list[str]]]:
    """The CSV's records, each with the file line it starts on; trailing blank lines
    dropped (a quoted cell may hold a line break, so records and lines can differ)."""
    reader = csv.reader(io.StringIO(text))
    records = []
    line = 1
    for cells in reader:
        records.append((line, cells))
        line = reader.line_num + 1
    while records and not any(cell.strip() for cell in records[-1][1]):
        records.pop()
    return records


def _csv_number(cell: str, place: str) -> float:
    number = parse_number(cell)
    if number is None:
        raise DataError(f"{place}: {quoted(cell)} is not a finite number")
    return number
