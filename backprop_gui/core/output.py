"""Which node the backward pass differentiates: the chosen output, else the unique sink."""

from __future__ import annotations

from .graph import Graph, GraphError
from .quoting import quoted, shown


def resolve_output(graph: Graph, output: str | None = None) -> str:
    """The node to differentiate: ``output``, else the graph's chosen one, else the sink.

    GraphError says why there is none: an unknown id, an empty graph, several sinks.
    """
    if output is None:
        output = graph.output
    if output is not None:
        if output not in graph:
            raise GraphError(f"there is no node {quoted(output)} to use as output")
        return output
    sinks = graph.sinks()
    if not sinks:
        raise GraphError("the graph is empty: there is no output to differentiate")
    if len(sinks) > 1:
        raise GraphError(
            f"the graph has {len(sinks)} outputs ({shown(', '.join(sinks))}); choose one of them"
        )
    return sinks[0]


def default_output(graph: Graph) -> str | None:
    """The output when none is named: the chosen one, else the unique sink; None when
    the graph is empty or has several sinks (:func:`resolve_output` says why)."""
    try:
        return resolve_output(graph)
    except GraphError:
        return None
