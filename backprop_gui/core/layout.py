"""Layered auto-layout, left to right (a small Sugiyama-style layout).

1. Layers: each node goes to the layer of its longest path from a source, so every
   edge runs strictly left to right; sources then move up to their first consumer.
2. Order within layers: a few sweeps of barycentre ordering (each node placed at the
   mean row of its neighbours in the previous layer), down and then up; and, as a
   second candidate, the order of a depth-first walk from the output through the
   operands in port order (crossing-free for any tree, such as a long sum). Each is
   improved by transposition (two neighbours in a layer swap where that crosses
   fewer edges to the layers beside it), and the one with fewer crossings wins.
3. Coordinates: layers ``LAYER_SPACING`` apart, rows ``ROW_SPACING`` apart, every
   layer centred on its band's horizontal axis. A graph deeper than
   ``MAX_BAND_LAYERS`` layers wraps, like a line of text, into bands of about equal
   depth stacked top to bottom, so a long chain reads at a readable zoom instead of
   as one endless row. Inputs and constants that only feed the next band start that
   band, in a column of their own, so only computed values wrap from band to band.
"""

from __future__ import annotations

from .graph import Graph
from .topological import topological_order

CARD_WIDTH = 120.0  # the size of a node card on the canvas, for spacing and overlap checks
CARD_HEIGHT = 72.0
LAYER_SPACING = 186.0  # from one layer's centre to the next one's
ROW_SPACING = 100.0  # from one row's centre to the next one's
MAX_BAND_LAYERS = 6  # deeper graphs wrap into bands of this many layers at most (plus their inputs)
BAND_GAP = 70.0  # extra room between bands, where the wrapping edges run
SWEEPS = 4
TRANSPOSE_ROUNDS = 8  # passes of neighbour swaps at most
PORT_NUDGE = 0.3  # rows; keeps the operands of one op in port order


def layered_layout(graph: Graph) -> dict[str, tuple[float, float]]:
    """A position (the centre of its card) for every node of ``graph``."""
    return _coordinates(_banded_columns(layer_order(graph), graph))


def layer_order(graph: Graph) -> list[list[str]]:
    """The nodes of each layer, top to bottom (steps 1 and 2 above)."""
    layers = _layers(graph)

    def operands(node):
        return ((source, 0.0) for source in graph.nx.pred[node])

    def consumers(node):
        # An operand of port 1 sorts a little below one of port 0 of the same op.
        return (
            (target, port * PORT_NUDGE) for _, target, port in graph.nx.out_edges(node, keys=True)
        )

    swept = [list(layer) for layer in layers]
    for _ in range(SWEEPS):
        _order_by_barycentre(swept, operands)
        _order_by_barycentre(swept[::-1], consumers)
    rank = _depth_first_rank(graph)
    tree_like = [sorted(layer, key=rank.__getitem__) for layer in layers]
    for order in (swept, tree_like):
        _transpose(order, graph)
    return min((swept, tree_like), key=lambda order: crossings(order, graph))


def _layers(graph: Graph) -> list[list[str]]:
    """Nodes grouped by the length of their longest path from a source.

    Sources (inputs, constants) then move right to just before their first consumer,
    so a constant sits next to the op that uses it instead of far back in layer 0.
    """
    depth: dict[str, int] = {}
    pred, succ = graph.nx.pred, graph.nx.succ
    for node in topological_order(graph.nx):
        depth[node] = 1 + max((depth[p] for p in pred[node]), default=-1)
    for node in depth:
        if not pred[node] and succ[node]:
            depth[node] = min(depth[s] for s in succ[node]) - 1
    layers: list[list[str]] = [[] for _ in range(max(depth.values(), default=-1) + 1)]
    for node, d in depth.items():
        layers[d].append(node)
    return layers


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


def _transpose(layers: list[list[str]], graph: Graph) -> None:
    """Swap neighbours within a layer while that lowers the crossings with the layers
    before and after it (each layer's edges to its neighbours in those two)."""
    neighbours = {n: (*graph.nx.pred[n], *graph.nx.succ[n]) for n in graph.nx}
    for _ in range(TRANSPOSE_ROUNDS):
        improved = False
        for index, layer in enumerate(layers):
            beside = [layers[i] for i in (index - 1, index + 1) if 0 <= i < len(layers)]
            rows = [{node: row for row, node in enumerate(other)} for other in beside]
            ends = {
                node: [[row[n] for n in neighbours[node] if n in row] for row in rows]
                for node in layer
            }
            for i in range(len(layer) - 1):
                upper, lower = ends[layer[i]], ends[layer[i + 1]]
                if _crossings(lower, upper) < _crossings(upper, lower):
                    layer[i], layer[i + 1] = layer[i + 1], layer[i]
                    improved = True
        if not improved:
            return


def _crossings(upper: list[list[int]], lower: list[list[int]]) -> int:
    """How many edges of a node cross those of the one below it: ``upper`` and
    ``lower`` are their neighbours' rows in each layer beside theirs."""
    return sum(a > b for mine, theirs in zip(upper, lower) for a in mine for b in theirs)


def _depth_first_rank(graph: Graph) -> dict[str, int]:
    """Each node's place in a depth-first walk from the sinks through the operands,
    port 0 first (nodes no sink reaches follow, in the graph's order)."""
    rank: dict[str, int] = {}
    for root in [*graph.sinks(), *graph.nx]:
        stack = [root]
        while stack:
            node = stack.pop()
            if node not in rank:
                rank[node] = len(rank)
                stack.extend(o for o in reversed(graph.operands(node)) if o is not None)
    return rank


def crossings(layers: list[list[str]], graph: Graph) -> int:
    """Pairs of edges between the same two layers that cross, in the order ``layers``."""
    place = {
        node: (index, row) for index, layer in enumerate(layers) for row, node in enumerate(layer)
    }
    groups: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for source, target in graph.nx.edges():
        (from_layer, from_row), (to_layer, to_row) = place[source], place[target]
        groups.setdefault((from_layer, to_layer), []).append((from_row, to_row))
    return sum(
        (a - c) * (b - d) < 0
        for ends in groups.values()
        for index, (a, b) in enumerate(ends)
        for c, d in ends[index + 1 :]
    )


def _banded_columns(layers: list[list[str]], graph: Graph) -> list[list[list[str]]]:
    """The columns of each band: its layers, and first the sources that sat in the
    previous band's last layer (a source's layer is just before its first consumer's,
    so every consumer of those lies in a later band)."""
    bands = [
        [list(layer) for layer in layers[band.start : band.stop]] for band in _bands(len(layers))
    ]
    pred, succ = graph.nx.pred, graph.nx.succ
    for band, following in zip(bands, bands[1:]):
        leading = {node for node in band[-1] if not pred[node] and succ[node]}
        if leading:
            following.insert(0, [node for node in band[-1] if node in leading])
            band[-1] = [node for node in band[-1] if node not in leading]
    return [[column for column in band if column] for band in bands]


def _coordinates(bands: list[list[list[str]]]) -> dict[str, tuple[float, float]]:
    positions = {}
    band_top = 0.0
    for columns in bands:
        tallest = max((len(column) for column in columns), default=0)
        for index, column in enumerate(columns):
            top = band_top + (tallest - len(column)) * ROW_SPACING / 2
            for row, node in enumerate(column):
                positions[node] = (index * LAYER_SPACING, top + row * ROW_SPACING)
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
