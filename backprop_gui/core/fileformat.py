"""Graph file formats v1 and v2: JSON in, JSON out, all or nothing.

Loading builds a fresh :class:`Graph` and hands it over only when every node and
edge has passed, so a broken file never leaves a half-loaded graph. Every refusal is
one :class:`FileFormatError` whose message names the place (node id or edge index).
Saving is atomic: a temporary file beside the target, then a rename over it
(core.atomic_write).

``pos`` is optional. If any node lacks one, the file is laid out on loading: every
node gets its place from the layered auto-layout (core.layout), those with a ``pos``
too, since the stored positions of some nodes would not fit the layout of the rest.
A file whose nodes all have one keeps them exactly.

Ids appear in one-line messages, on the canvas and in saved files, so an id must be
printable text (``str.isprintable``): no newline, control or format character and no
lone surrogate (which a JSON escape such as "\\ud800" can make but UTF-8 cannot
encode). Labels and ``meta`` may hold any text a UTF-8 file can hold.

Version 2 adds input columns, a data set and training options (``fileformat_v2``); a
graph that uses none of them is still written as version 1.
"""

from __future__ import annotations

import json

import networkx as nx

from . import fileformat_v2
from .atomic_write import write_atomically
from .graph import Graph, GraphError
from .layout import layered_layout
from .numbers import as_finite
from .quoting import quoted, shown
from .textfile import BOM, read_text

FORMAT = "backprop-gui.graph"
VERSION = 2  # the newest version this app reads


class FileFormatError(ValueError):
    """A file that cannot be loaded or saved; the message says where and why."""


def load(path) -> Graph:
    """The graph in the file at ``path``; FileFormatError saying why if it cannot be one.

    Only a regular file of at most 200 MB is read (core.textfile), so a folder, a
    named pipe or a device is refused instead of blocking or reading forever.
    """
    return loads(read_text(path, FileFormatError))


def loads(text: str) -> Graph:
    """The graph in ``text``; a leading UTF-8 byte order mark is allowed."""
    # NaN and Infinity (which Python's json reads) are parsed as floats, so that the
    # check of the value they stand in names the place: "node 'x': ... not nan".
    try:
        document = json.loads(text.removeprefix(BOM))
    except (ValueError, RecursionError) as error:
        raise FileFormatError(f"not a valid JSON file: {shown(str(error))}") from None
    return _graph_from(document)


def save(graph: Graph, path) -> None:
    """Write ``graph`` to ``path`` atomically (core.atomic_write): the old file stays
    whole on any failure, a symbolic link keeps pointing at the file it updates."""
    try:
        data = dumps(graph).encode("utf-8")
    except (TypeError, ValueError) as error:  # not JSON; a lone surrogate in some text
        raise FileFormatError(f"cannot save {path}: {error}") from None
    try:
        write_atomically(path, data)
    except OSError as error:
        raise FileFormatError(f"cannot save {path}: {_reason(error)}") from None


def dumps(graph: Graph) -> str:
    """The graph as format text (v1 unless it uses v2); the same graph always gives the
    same bytes."""
    document: dict = {"format": FORMAT, "version": fileformat_v2.version_of(graph)}
    if graph.meta:
        document["meta"] = graph.meta
    document["nodes"] = [_node_record(node) for node in graph.nodes()]
    document["edges"] = [
        {"source": e.source, "target": e.target, "port": e.port} for e in graph.edges()
    ]
    if graph.output is not None:
        document["output"] = graph.output
    fileformat_v2.add_sections(graph, document)
    text = json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False)
    return fileformat_v2.with_data(graph, text) + "\n"


def _node_record(node) -> dict:
    record: dict = {"id": node.id, "kind": node.kind}
    if node.kind == "op":
        record["op"] = node.op
    else:
        record["value"] = node.value
    if node.label:
        record["label"] = node.label
    if node.trainable:
        record["trainable"] = True
    if node.column:
        record["column"] = node.column
    record["pos"] = list(node.pos)
    return record


# ---------------------------------------------------------------------- reading


def _graph_from(document) -> Graph:
    if not isinstance(document, dict):
        raise FileFormatError("not a backprop-gui graph: the file must hold a JSON object")
    if document.get("format") != FORMAT:
        raise FileFormatError(
            f'not a backprop-gui graph: "format" is {quoted(document.get("format"))}, '
            f"expected {FORMAT!r}"
        )
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise FileFormatError(f'"version" must be a whole number, not {quoted(version)}')
    if version > VERSION:
        raise FileFormatError(
            f"the file is format version {quoted(version)}, newer than this app reads ({VERSION}); "
            "please update backprop-gui"
        )
    graph = Graph()
    graph.meta = _meta(document.get("meta", {}))
    try:
        fileformat_v2.read_sections(graph, document)
    except GraphError as error:
        raise FileFormatError(str(error)) from None
    nodes = _list(document, "nodes")
    edges = _list(document, "edges", required=False)
    for index, record in enumerate(nodes):
        _add_node(graph, index, record)
    for index, record in enumerate(edges):
        _add_edge(graph, index, record)
    _refuse_cycles(graph, edges)
    output = document.get("output")
    if output is not None:
        if not isinstance(output, str) or output not in graph:
            raise FileFormatError(f'"output" names no node of the graph: {quoted(output)}')
        graph.set_output(output)
    if any("pos" not in record for record in nodes):  # see the module's docstring
        for node_id, pos in layered_layout(graph).items():
            graph.set_pos(node_id, pos)
    return graph


def _list(document: dict, key: str, required: bool = True) -> list:
    if key not in document and not required:
        return []
    value = document.get(key)
    if not isinstance(value, list):
        raise FileFormatError(f'"{key}" must be a list, not {_kind_of(value)}')
    return value


def _meta(meta) -> dict:
    if not isinstance(meta, dict):
        raise FileFormatError(f'"meta" must be an object, not {_kind_of(meta)}')
    for key in ("title", "description"):
        if key in meta and not isinstance(meta[key], str):
            raise FileFormatError(f"meta.{key} must be text, not {_kind_of(meta[key])}")
    try:  # other keys are kept as they are, and must survive the next save
        json.dumps(meta, ensure_ascii=False, allow_nan=False).encode("utf-8")
    except ValueError as error:  # UnicodeEncodeError is one
        raise FileFormatError(f'"meta" {_unsaveable(error)}') from None
    except RecursionError:
        raise FileFormatError('"meta" is nested too deeply') from None
    return dict(meta)


def _add_node(graph: Graph, index: int, record) -> None:
    if not isinstance(record, dict):
        raise FileFormatError(f"node {index}: must be an object, not {_kind_of(record)}")
    node_id = record.get("id")
    if not isinstance(node_id, str) or not node_id:
        raise FileFormatError(f"node {index}: missing id (a non-empty text)")
    if not node_id.isprintable():  # see the module's docstring
        raise FileFormatError(
            f"node {index}: the id must be printable text on one line, not {quoted(node_id)}"
        )
    place = f"node {quoted(node_id)}"
    if node_id in graph:
        raise FileFormatError(f"{place}: duplicate id (node {index} repeats it)")
    kind = record.get("kind")
    if kind in ("input", "constant") and "value" not in record:
        article = "an" if kind == "input" else "a"
        raise FileFormatError(f'{place}: {article} {kind} node needs a "value"')
    trainable = record.get("trainable", False)
    if not isinstance(trainable, bool):
        raise FileFormatError(f'{place}: "trainable" must be true or false')
    try:
        graph.add_node(
            kind, id=node_id, op=record.get("op"), value=record.get("value"),
            label=_label(place, record.get("label")), pos=_pos(place, record.get("pos", [0, 0])),
            trainable=trainable, column=fileformat_v2.column_of(place, record),
        )  # fmt: skip
    except GraphError as error:
        raise FileFormatError(str(error)) from None


def _label(place: str, label) -> str | None:
    if label is None:
        return None
    if not isinstance(label, str):
        raise FileFormatError(f'{place}: "label" must be text, not {_kind_of(label)}')
    try:
        label.encode("utf-8")
    except UnicodeEncodeError as error:
        raise FileFormatError(f'{place}: "label" {_unsaveable(error)}') from None
    return label


def _unsaveable(error: ValueError) -> str:
    """What makes a text unsaveable: a lone surrogate (from a JSON escape such as
    "\\ud800", which UTF-8 cannot encode), or NaN or Infinity."""
    if isinstance(error, UnicodeEncodeError):
        code = ord(error.object[error.start])
        return f"holds a lone surrogate (U+{code:04X}), which no UTF-8 file can hold"
    return "holds NaN or Infinity, which JSON does not allow"


def _pos(place: str, pos) -> tuple[float, float]:
    if isinstance(pos, list) and len(pos) == 2:
        x, y = as_finite(pos[0]), as_finite(pos[1])
        if x is not None and y is not None:
            return x, y
    raise FileFormatError(f'{place}: "pos" must be two finite numbers [x, y], not {quoted(pos)}')


def _add_edge(graph: Graph, index: int, record) -> None:
    place = f"edge {index}"
    if not isinstance(record, dict):
        raise FileFormatError(f"{place}: must be an object, not {_kind_of(record)}")
    source, target, port = record.get("source"), record.get("target"), record.get("port")
    for role, node_id in (("source", source), ("target", target)):
        if not isinstance(node_id, str) or node_id not in graph:
            raise FileFormatError(f"{place}: {role} {quoted(node_id)} is not a node of the graph")
    try:
        graph.connect(source, target, port, check_cycle=False)
    except GraphError as error:
        raise FileFormatError(f"{place} ({shown(source)} → {shown(target)}): {error}") from None


def _refuse_cycles(graph: Graph, edges: list) -> None:
    if nx.is_directed_acyclic_graph(graph.nx):
        return
    cycle = nx.find_cycle(graph.nx)
    path = shown(" → ".join([u for u, _, _ in cycle] + [cycle[0][0]]))
    source, target, port = cycle[-1]
    index = next(
        i for i, e in enumerate(edges)
        if (e["source"], e["target"], e["port"]) == (source, target, port)
    )  # fmt: skip
    raise FileFormatError(f"edge {index} ({shown(source)} → {shown(target)}) closes a cycle {path}")


def _kind_of(value) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "true/false"}.get(
        type(value), "null" if value is None else quoted(value)
    )


def _reason(error: Exception) -> str:
    return getattr(error, "strerror", None) or str(error)
