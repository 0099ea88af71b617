"""Layered auto-layout, left to right (a small Sugiyama-style layout).

1. Layers: each node goes to the layer of its longest path from a source, so every
   edge runs strictly left to right; sources then move up to their first consumer.
2. Order within layers: a few sweeps of barycentre ordering (each node placed at the
   mean row of its neighbours in the previous layer), down and then up, to reduce
   crossings.
3. Coordinates: layers ``LAYER_SPACING`` apart, rows ``ROW_SPACING`` apart, every
   layer centred on its band's horizontal axis. A graph deeper than
   ``MAX_BAND_LAYERS`` layers wraps, like a line of text, into bands of about equal
   depth stacked top to bottom, so a long chain reads at a readable zoom instead of
   as one endless row.
"""

from __future__ import annotations

from collections import deque

from .graph import Graph

CARD_WIDTH = 120.0  # the size of a node card on the canvas, for spacing and overlap checks
CARD_HEIGHT = 72.0
LAYER_SPACING = 180.0  # from one layer's centre to the next one's
ROW_SPACING = 100.0  # from one row's centre to the next one's
MAX_BAND_LAYERS = 6  # deeper graphs wrap into bands of at most this many layers
BAND_GAP = 70.0  # extra room between bands, where the wrapping edges run
SWEEPS = 4
PORT_NUDGE = 0.3  # rows; keeps the operands of one op in port order


def layered_layout(graph: Graph) -> dict[str, tuple[float, float]]:
    """A position (the centre of its card) for every node of ``graph``."""
    layers = _layers(graph)

    def operands(node):
        return ((source, 0.0) for source in graph.nx.pred[node])

    def consumers(node):
        # An operand of port 1 sorts a little below one of port 0 of the same op.
        return (
            (target, port * PORT_NUDGE) for _, target, port in graph.nx.out_edges(node, keys=True)
        )

    for _ in range(SWEEPS):
        _order_by_barycentre(layers, operands)
        _order_by_barycentre(layers[::-1], consumers)
    return _coordinates(layers)


def _layers(graph: Graph) -> list[list[str]]:
    """Nodes grouped by the length of their longest path from a source.

    Sources (inputs, constants) then move right to just before their first consumer,
    so a constant sits next to the op that uses it instead of far back in layer 0.
    """
    depth: dict[str, int] = {}
    pred, succ = graph.nx.pred, graph.nx.succ
    for node in _topological_order(graph):
        depth[node] = 1 + max((depth[p] for p in pred[node]), default=-1)
    for node in depth:
        if not pred[node] and succ[node]:
            depth[node] = min(depth[s] for s in succ[node]) - 1
    layers: list[list[str]] = [[] for _ in range(max(depth.values(), default=-1) + 1)]
    for node, d in depth.items():
        layers[d].append(node)
    return layers


def _topological_order(graph: Graph) -> list[str]:
    """Kahn's algorithm first in, first out, so the first rows follow the nodes' order."""
    g = graph.nx
    waiting = {n: g.in_degree(n) for n in g}
    ready = deque(n for n, d in waiting.items() if d == 0)
    order = []
    while ready:
        node = ready.popleft()
        order.append(node)
        for successor in g.successors(node):
            waiting[successor] -= g.number_of_edges(node, successor)
            if waiting[successor] == 0:
                ready.append(successor)
    return order


def _order_by_barycentre(layers: list[list[str]], neighbours) -> None:
    """Reorder each layer after the first by the mean row of its neighbours before it."""
    for previous, layer in zip(layers, layers[1:]):
        row = {node: i for i, node in enumerate(previous)}
        keys = {node: _barycentre(node, i, row, neighbours) for i, node in enumerate(layer)}
        layer.sort(key=keys.__getitem__)  # stable: ties keep their order


def _barycentre(node: str, current: int, row: dict[str, int], neighbours) -> float:
    """The mean row of ``node``'s neighbours in ``row``; its current row if it has none."""
    rows = [row[n] + nudge for n, nudge in neighbours(node) if n in row]
    return sum(rows) / len(rows) if rows else current


def _coordinates(layers: list[list[str]]) -> dict[str, tuple[float, float]]:
    bands = _bands(len(layers))
    positions = {}
    band_top = 0.0
    for band in bands:
        band_layers = layers[band.start : band.stop]
        tallest = max((len(layer) for layer in band_layers), default=0)
        for column, layer in enumerate(band_layers):
            top = band_top + (tallest - len(layer)) * ROW_SPACING / 2
            for row, node in enumerate(layer):
                positions[node] = (column * LAYER_SPACING, top + row * ROW_SPACING)
        band_top += tallest * ROW_SPACING + BAND_GAP
    return positions


def _bands(depth: int) -> list[range]:
    """The layers of each band: as few bands as ``MAX_BAND_LAYERS`` allows, the first
    ones one layer longer where the depth does not divide evenly."""
    count = max(-(-depth // MAX_BAND_LAYERS), 1)
    size, longer = divmod(depth, count)
    bands, start = [], 0
    for index in range(count):
        stop = start + size + (index < longer)
        bands.append(range(start, stop))
        start = stop
    return bands
