"""The graph as a TikZ picture (File › Export › TikZ graph): for slides and papers.

Each card sits at its canvas position and shows its name (as the step panel names
it), its value and its gradient (``grad 0.5``, as on the canvas); each edge carries its
local derivative and is coloured and thickened by what flows back along it. Colours
come from the app's own gradient scale (:mod:`.gradient_colors`), defined by name at
the top so a lecturer can change them; cards and edges are named after the node ids.
Positions are measured from the top-left card, so a graph far out on the canvas
still fits TeX's dimensions. The picture needs ``\\usepackage{tikz}`` and
``\\usepackage{amsmath}`` (names and numbers use ``\\operatorname`` and ``\\text``);
``standalone=True`` wraps it in a document that loads both and compiles with plain
pdflatex.
"""

from __future__ import annotations

import re
from collections import Counter

from . import gradient_colors as colors
from .chainrule import Names
from .engine import compile
from .graph import Graph
from .latex_text import math_latex, text_latex
from .typeset import number

CM_PER_UNIT = 0.02  # canvas units to centimetres: a 120-unit card is 2.4 cm wide
CARD_WIDTH, CARD_HEIGHT = 120, 72  # the canvas's card size, in canvas units
PORT_SPREAD = 11  # two operand ports sit this far above and below a card's middle
PT_PER_PIXEL = 0.5  # edge widths: the canvas's pixels as points
MARGIN_CM = 0.5


def tikz_picture(
    graph: Graph, output: str | None = None, *, standalone: bool = False,
    mode: str = colors.LOG, values: dict | None = None,
) -> str:  # fmt: skip
    """The ``tikzpicture`` (a whole document if ``standalone``) of ``graph`` after both
    passes, coloured in ``mode``; ``values`` override inputs by id.

    Raises GraphError when ``output`` is unknown or the graph has several sinks and none
    is chosen.
    """
    picture = _Picture(graph, output, mode, values).lines()
    if not standalone:
        return (
            "\n".join(
                [
                    "% needs \\usepackage{amsmath}, \\usepackage{tikz} and"
                    " \\usetikzlibrary{backgrounds} in the preamble",
                    *picture,
                ]
            )
            + "\n"
        )
    width, height = _page_size(graph)
    return "\n".join([
        r"\documentclass{article}",
        r"\usepackage{amsmath}",
        r"\usepackage{tikz}",
        r"\usetikzlibrary{backgrounds}",
        rf"\usepackage[paperwidth={width:.2f}cm,paperheight={height:.2f}cm,"
        rf"margin={MARGIN_CM}cm]{{geometry}}",
        r"\pagestyle{empty}",
        r"\begin{document}",
        r"\centering",
        *picture,
        r"\end{document}",
    ]) + "\n"  # fmt: skip


def _page_size(graph: Graph) -> tuple[float, float]:
    """The page (cm) that holds the cards, the legend line and the margins."""
    xs = [node.pos[0] for node in graph.nodes()] or [0.0]
    ys = [node.pos[1] for node in graph.nodes()] or [0.0]
    width = (max(xs) - min(xs) + CARD_WIDTH) * CM_PER_UNIT
    height = (max(ys) - min(ys) + CARD_HEIGHT) * CM_PER_UNIT + 1.0  # + the legend line
    return max(width, 9.0) + 2 * MARGIN_CM + 0.2, height + 2 * MARGIN_CM + 0.2


class _Picture:
    def __init__(self, graph: Graph, output: str | None, mode: str, values: dict | None):
        self.graph = graph
        self.result = compile(graph, output).run(values)
        self.flows = self.result.plan.edge_flows(self.result) if self.result.output else {}
        grads = self.result.grads.values() if self.flows else ()
        self.scale = colors.GradientScale.fit(mode, grads)
        self.names = Names(graph)
        self.keys = _tikz_names(graph.node_ids())
        positions = [node.pos for node in graph.nodes()] or [(0.0, 0.0)]
        self.origin = (min(x for x, _ in positions), min(y for _, y in positions))

    def lines(self) -> list[str]:
        title = self.graph.meta.get("title")
        head = [f"% {text_latex(title)}"] if title else []
        return [
            *head,
            rf"\begin{{tikzpicture}}[x={CM_PER_UNIT}cm, y=-{CM_PER_UNIT}cm,",
            f"  card/.style={{draw=black!35, rounded corners=4pt, minimum width="
            f"{CARD_WIDTH * CM_PER_UNIT}cm, minimum height={CARD_HEIGHT * CM_PER_UNIT}cm,",
            r"    align=center, inner sep=2pt, font=\small},",
            r"  edge/.style={-stealth, draw=black!45, line width=0.75pt},",
            r"  local/.style={font=\scriptsize, fill=white, inner sep=1pt, rounded corners=1pt}]",
            "% colours: gradient of each card, contribution flowing back along each edge",
            *self._colours(),
            *(self._card(node_id) for node_id in self.graph.node_ids()),
            r"\begin{scope}[on background layer]  % edges pass behind the cards",
            *(self._edge(edge) for edge in self.graph.edges()),
            r"\end{scope}",
            *self._legend(),
            r"\end{tikzpicture}",
        ]

    def _fill(self, node_id: str) -> str | None:
        grad = self.result.grads.get(node_id)
        if self.scale is None or (grad is None and not self.flows):
            return None
        return self.scale.hex_color(grad)

    def _colours(self) -> list[str]:
        """A named colour per coloured card (``grad-x``) and edge (``flow-x-y1``)."""
        defined = []
        for node_id in self.graph.node_ids():
            fill = self._fill(node_id)
            if fill is not None:
                defined.append(rf"\definecolor{{grad-{self.keys[node_id]}}}{{HTML}}{{{fill}}}")
        for edge in self.graph.edges():
            color, _ = self._edge_style(edge)
            if color is not None:
                defined.append(rf"\definecolor{{{self._flow_name(edge)}}}{{HTML}}{{{color}}}")
        return defined

    def _flow_name(self, edge) -> str:
        return f"flow-{self.keys[edge.source]}-{self.keys[edge.target]}{edge.port}"

    def _edge_style(self, edge) -> tuple[str | None, float]:
        """The edge's colour (None: plain) and width, from what flows back along it."""
        flow = self.flows.get((edge.source, edge.target, edge.port))
        if flow is None or self.scale is None:
            return None, colors.EDGE_WIDTHS[0]
        return self.scale.edge_hex_style(flow[1])

    def _card(self, node_id: str) -> str:
        node, key = self.graph.node(node_id), self.keys[node_id]
        style = ["card"]
        fill = self._fill(node_id)
        if fill is not None:
            style.append(f"fill=grad-{key}")
            if colors.needs_light_text(*colors.channels(fill)):
                style.append("text=white")
        value, grad = self.result.values.get(node_id), self.result.grads.get(node_id)
        lines = [rf"$\mathbf{{{math_latex(self.names.term(node_id).html)}}}$"]
        if value is not None:
            lines.append(f"${_number(value)}$")
        if grad is not None and self.flows:
            lines.append(rf"$\mathrm{{grad}}\;{{{_number(grad)}}}$")
        x, y = (_fixed(p - o) for p, o in zip(node.pos, self.origin))
        content = r" \\ ".join(lines)
        return rf"\node[{', '.join(style)}] ({key}) at ({x}, {y}) {{{content}}};"

    def _edge(self, edge) -> str:
        source, target = self.keys[edge.source], self.keys[edge.target]
        end = f"{target}.west"
        if self.graph.arity(edge.target) == 2:
            shift = PORT_SPREAD * CM_PER_UNIT * (1 if edge.port == 0 else -1)
            end = f"[yshift={shift:g}cm]{target}.west"
        flow = self.flows.get((edge.source, edge.target, edge.port))
        style, label = ["edge"], ""
        if flow is not None:
            label = f" node[local] {{${_number(flow[0])}$}}"
        color, width = self._edge_style(edge)
        if color is not None:
            style += [f"draw={self._flow_name(edge)}", f"line width={width * PT_PER_PIXEL:g}pt"]
        return rf"\draw[{', '.join(style)}] ({source}.east) --{label} ({end});"

    def _legend(self) -> list[str]:
        """A line under the picture: what the colours mean, with the scale's ends."""
        if self.scale is None:
            return []
        ticks = " \\quad ".join(
            f"{_swatch(self.scale.hex_at(t))}~{text_latex(text)}" for t, text in self.scale.ticks()
        )
        out = math_latex(self.names.d(self.result.output, ""))
        mode = text_latex(colors.MODES[self.scale.mode])
        return [
            r"\path (current bounding box.south) ++(0, -0.2cm)",
            rf"  node[below, font=\footnotesize, text=black!70] {{colour: $d{out}/d\cdot$, "
            rf"{mode}: \quad {ticks}}};",
        ]


def _fixed(value: float) -> str:
    """A coordinate in fixed-point notation (TeX reads no exponents): ``12.5``, ``0``."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _number(value: float) -> str:
    return math_latex(number(value).html)


def _swatch(color: str) -> str:
    """A small square of ``color`` ("rrggbb"), for the legend line."""
    red, green, blue = (round(c * 255) for c in colors.channels(color))
    return rf"\textcolor[RGB]{{{red},{green},{blue}}}{{\rule{{1.2ex}}{{1.2ex}}}}"


def _tikz_names(node_ids: list[str]) -> dict[str, str]:
    """A TikZ node name per id: its letters and digits (``n`` if none); where two ids
    give the same name, each gets its place in the graph as a suffix (``w-3``)."""
    stems = {node_id: re.sub(r"[^A-Za-z0-9]", "", node_id) or "n" for node_id in node_ids}
    counts = Counter(stems.values())
    return {
        node_id: stem if counts[stem] == 1 else f"{stem}-{index}"
        for index, (node_id, stem) in enumerate(stems.items())
    }
