"""The error the graph model raises; in a module of its own so that the parts of the
graph (its data, its training options) can raise it without importing the graph."""


class GraphError(ValueError):
    """An edit or a query the graph refuses; the message says why, for a person."""
