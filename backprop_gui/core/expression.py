"""Text to graph and graph to text.

:func:`parse_expression` reads formulas such as ``1/(1+exp(-x))`` with Python's own
parser (``ast``) and then walks the tree allowing only a short whitelist of node
types — numbers, names, + − × ÷ and powers, unary minus, and calls of the v1 ops by
name — so nothing the user types is ever evaluated or executed. Every variable name
becomes ONE input node, shared by all its occurrences (``x*x`` is one x feeding both
ports of one mul). Optional ``name = expr`` lines (or ``;``-separated statements)
name intermediate nodes; the last statement is the output. A sum of four or more
terms (``a+b+c+d+e+f``) is built as a balanced tree of adds, ``((a+b)+(c+d))+(e+f)``,
pairs taken from the left, so its graph reads as one sum ⌈log2 n⌉ adds deep instead of
a long diagonal; its floating-point rounding follows that tree, as the graph computes
it. A run that mixes + and −, and every product, keep Python's left-to-right chain.

:func:`graph_to_expression` goes the other way, inlining shared subgraphs.
"""

from __future__ import annotations

import ast
import math

from .expression_source import MAX_DEPTH, MAX_LENGTH, ExpressionError, Source
from .graph import Graph, GraphError
from .layout import layered_layout
from .numbers import as_finite, as_number
from .ops import ATOM, CALL, INFIX, OPS
from .quoting import quoted

__all__ = ["ExpressionError", "graph_to_expression", "parse_expression"]

DEFAULT_INPUT_VALUE = 1.0  # the value a new variable starts with
NAMED_CONSTANTS = {"pi": math.pi, "e": math.e}

_OPERATORS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}
# Python's binary operator node type -> the op written with it
_BINARY = {
    node_type: op.name
    for node_type, text in _OPERATORS.items()
    for op in OPS.values()
    if op.notation == INFIX and op.operator == text
}
MIN_BALANCED_TERMS = 4  # a sum of this many terms or more is built as a balanced tree
_REFUSED = {
    ast.Attribute: "attribute access ('.') is not allowed",
    ast.Subscript: "indexing ('[...]') is not allowed",
    ast.Compare: "comparisons are not allowed",
    ast.BoolOp: "'and' / 'or' are not allowed",
    ast.Lambda: "lambda is not allowed",
    ast.IfExp: "'if ... else' is not allowed",
    ast.ListComp: "comprehensions are not allowed",
    ast.SetComp: "comprehensions are not allowed",
    ast.DictComp: "comprehensions are not allowed",
    ast.GeneratorExp: "comprehensions are not allowed",
    ast.Starred: "'*' unpacking is not allowed",
    ast.Tuple: "a tuple (a, b) is not a number",
    ast.List: "a list [...] is not a number",
}


# --------------------------------------------------------------------- text in


def parse_expression(text: str) -> Graph:
    """The graph of ``text``, laid out left to right, with its last statement as output."""
    source = Source(text)
    tree = source.parse()
    builder = _Builder(tree, source)
    graph = builder.graph
    graph.set_output(builder.build())
    for node_id, pos in layered_layout(graph).items():
        graph.set_pos(node_id, pos)
    return graph


class _Builder:
    """Walks the whitelisted tree and adds nodes to a fresh graph."""

    def __init__(self, tree: ast.Module, source: Source):
        self.tree = tree
        self.source = source
        self.graph = Graph()
        self.names: dict[str, str] = {}  # variable or assigned name -> its node id
        # Names that "name = ..." defines -> the statement defining them first, so that
        # a use before then (x = sin(x), or a = b; b = a) is refused, not made an input.
        self.defined_in: dict[str, int] = {}
        for index, statement in enumerate(tree.body):
            if isinstance(statement, ast.Assign) and isinstance(statement.targets[0], ast.Name):
                self.defined_in.setdefault(statement.targets[0].id, index)
        self.current = 0  # the statement being built
        self.sums = _long_sums(tree)
        # The text's variable names, so made-up ids ("mul2") never take one of them.
        functions = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
        self.reserved = {
            n.id
            for n in ast.walk(tree)
            if isinstance(n, ast.Name) and id(n) not in functions and n.id not in NAMED_CONSTANTS
        }

    def build(self) -> str:
        """Add every statement's nodes; the id of the last statement's node."""
        body = self.tree.body
        for index, statement in enumerate(body):
            self.current = index
            output = self.statement(statement, last=index == len(body) - 1)
        return output

    def statement(self, statement: ast.stmt, last: bool) -> str:
        if isinstance(statement, ast.Assign):
            return self.assignment(statement)
        if isinstance(statement, ast.Expr):
            if not last:
                raise self.error(
                    "only the last line may be a bare expression; name it with 'name = …'",
                    statement,
                )
            return self.expression(statement.value, depth=0)
        raise self.error("only formulas and 'name = formula' lines are allowed", statement)

    def assignment(self, statement: ast.Assign) -> str:
        if len(statement.targets) != 1 or not isinstance(statement.targets[0], ast.Name):
            raise self.error("the left of '=' must be a single name", statement)
        name = statement.targets[0].id
        if name in self.names or name in OPS or name in NAMED_CONSTANTS:
            raise self.error(f"the name {quoted(name)} is already taken", statement.targets[0])
        self.names[name] = self.expression(statement.value, depth=0, name=name)
        return self.names[name]

    def expression(self, node: ast.expr, depth: int, name: str | None = None) -> str:
        """The id of the node computing ``node``; ``name`` names a new op node."""
        if depth > MAX_DEPTH:
            raise self.error(f"the expression is nested too deeply (over {MAX_DEPTH})", node)
        if isinstance(node, ast.Constant):
            return self.constant(node, node.value)
        if isinstance(node, ast.Name):
            return self.variable(node)
        if isinstance(node, ast.UnaryOp):
            return self.unary(node, depth, name)
        if isinstance(node, ast.BinOp):
            terms = self.sums.get(id(node))
            if terms:
                sources = [self.expression(term, depth + 1) for term in terms]
                return self.balanced_sum(sources, name)
            op = _BINARY.get(type(node.op))
            if op is None:
                raise self.source.operator_error(node.left, node.right)
            return self.op(op, [node.left, node.right], depth, name)
        if isinstance(node, ast.Call):
            return self.call(node, depth, name)
        reason = _REFUSED.get(type(node), f"{type(node).__name__} is not allowed in a formula")
        raise self.error(reason, node)

    def constant(self, node: ast.expr, value) -> str:
        number = as_finite(value)
        if number is None:
            too_large = as_number(value) is not None
            kind = "text" if isinstance(value, str) else quoted(value)
            raise self.error(
                "the number is too large" if too_large else f"{kind} is not a number", node
            )
        label = _number_text(number)
        return self.graph.add_node("constant", id=self.fresh_id("c"), value=number, label=label)

    def variable(self, node: ast.Name) -> str:
        name = node.id
        if name in self.names:
            return self.names[name]
        if name in NAMED_CONSTANTS:
            value = NAMED_CONSTANTS[name]
            return self.graph.add_node("constant", id=self.fresh_id(name), value=value, label=name)
        if name in OPS:
            raise self.error(f"{quoted(name)} is a function: call it like {name}(x)", node)
        if self.defined_in.get(name) == self.current:
            raise self.error(f"{quoted(name)} is defined in terms of itself", node)
        if name in self.defined_in:
            raise self.error(f"{quoted(name)} is used before the statement defining it", node)
        self.names[name] = self.graph.add_node(
            "input", id=name, value=DEFAULT_INPUT_VALUE, label=name
        )
        return self.names[name]

    def unary(self, node: ast.UnaryOp, depth: int, name: str | None) -> str:
        if isinstance(node.op, ast.UAdd):
            return self.expression(node.operand, depth + 1, name)
        if not isinstance(node.op, ast.USub):
            raise self.error("only + and − may stand before a value", node)
        operand = node.operand
        if isinstance(operand, ast.Constant) and as_number(operand.value) is not None:
            return self.constant(node, -operand.value)  # "-3" is the number −3
        return self.op("neg", [operand], depth, name)

    def call(self, node: ast.Call, depth: int, name: str | None) -> str:
        if not isinstance(node.func, ast.Name):
            raise self.error("only the built-in functions can be called", node)
        function = node.func.id
        if function not in OPS:
            raise self.error(f"unknown function {quoted(function)}", node)
        if node.keywords:
            raise self.error("keyword arguments are not allowed", node.keywords[0])
        arity = OPS[function].arity
        if len(node.args) != arity:
            plural = "argument" if arity == 1 else "arguments"
            raise self.error(f"{function} takes {arity} {plural}, got {len(node.args)}", node)
        return self.op(function, node.args, depth, name)

    def op(self, op: str, operands: list[ast.expr], depth: int, name: str | None) -> str:
        sources = [self.expression(o, depth + 1) for o in operands]
        return self.op_node(op, sources, name)

    def balanced_sum(self, sources: list[str], name: str | None) -> str:
        """Adds over ``sources`` in their order: as many as the largest power of two
        below their count on the left, the rest on the right, so the depth is ⌈log2 n⌉."""
        if len(sources) == 1:
            return sources[0]
        split = 1 << ((len(sources) - 1).bit_length() - 1)
        left = self.balanced_sum(sources[:split], None)
        right = self.balanced_sum(sources[split:], None)
        return self.op_node("add", [left, right], name)

    def op_node(self, op: str, sources: list[str], name: str | None) -> str:
        """A new ``op`` node fed by ``sources`` in port order, named ``name`` if given."""
        node_id = self.graph.add_node("op", id=name or self.fresh_id(op), op=op, label=name)
        for port, source in enumerate(sources):
            self.graph.connect(source, node_id, port, check_cycle=False)
        return node_id

    def error(self, message: str, node: ast.AST) -> ExpressionError:
        """An error pointing at the start of ``node``."""
        return self.source.node_error(message, node)

    def fresh_id(self, stem: str) -> str:
        node_id = self.graph.new_id(stem)
        while node_id in self.reserved:
            stem += "_"
            node_id = self.graph.new_id(stem)
        return node_id


def _long_sums(tree: ast.Module) -> dict[int, list[ast.expr]]:
    """id of each run of + that has MIN_BALANCED_TERMS terms or more -> its terms in
    their order. A bracketed sum on the right is a term ((a+b)+c is a+b+c to Python's
    tree, a+(b+c) is not). A run that mixes in − anywhere (a − b is not associative)
    is none: all of it keeps Python's chain."""
    additive = [n for n in ast.walk(tree) if _is_additive(n)]
    inside = {id(n.left) for n in additive}  # the left operand continues the run
    runs = {}
    for top in additive:
        if id(top) not in inside:
            terms = _sum_terms(top)
            if len(terms) >= MIN_BALANCED_TERMS:
                runs[id(top)] = terms
    return runs


def _is_additive(node: ast.AST) -> bool:
    return isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub))


def _sum_terms(node: ast.BinOp) -> list[ast.expr]:
    """The terms of the run of + and − ending at ``node``; [] if it has a −."""
    spine: list[ast.expr] = []
    while _is_additive(node):
        if isinstance(node.op, ast.Sub):
            return []
        spine.append(node.right)
        node = node.left
    return [node, *reversed(spine)]


def _number_text(value: float) -> str:
    """1.0 -> "1", 0.5 -> "0.5", 1e-07 -> "1e-07": short, and exact when read back."""
    text = repr(value)
    return text[:-2] if text.endswith(".0") else text


# -------------------------------------------------------------------- text out

_NEGATIVE = OPS["neg"].precedence  # a negative number binds like a minus sign


def graph_to_expression(graph: Graph, node_id: str, max_length: int = MAX_LENGTH) -> str:
    """``node_id``'s subgraph as a formula with as few brackets as possible.

    Shared subgraphs are written out at each use, so the text can grow fast on deep
    fan-out; past ``max_length`` characters a GraphError says so. A free port reads "?".
    """
    memo: dict[str, tuple[str, int]] = {}
    try:
        text, _ = _formula(graph, node_id, memo, max_length)
    except RecursionError:
        raise GraphError("the graph is too deep to show as one formula") from None
    return text


def _formula(graph: Graph, node_id: str, memo: dict, max_length: int) -> tuple[str, int]:
    """(text, precedence) of ``node_id``'s formula."""
    if node_id in memo:
        return memo[node_id]
    node = graph.node(node_id)
    if node.kind == "input":
        name = node.label if node.label and node.label.isidentifier() else node_id
        found = (name, ATOM)
    elif node.kind == "constant" and NAMED_CONSTANTS.get(node.label) == node.value:
        found = (node.label, ATOM)
    elif node.kind == "constant":
        text = _number_text(node.value)
        found = (text, _NEGATIVE if node.value < 0 else ATOM)
    else:
        operands = [graph.operand(node_id, port) for port in range(graph.arity(node_id))]
        parts = [
            _formula(graph, source, memo, max_length) if source else ("?", ATOM)
            for source in operands
        ]
        found = _combine(node.op, parts)
    if len(found[0]) > max_length:
        raise GraphError(f"the formula is too long to show (over {max_length} characters)")
    memo[node_id] = found
    return found


def _combine(name: str, parts: list[tuple[str, int]]) -> tuple[str, int]:
    op = OPS[name]
    mine = op.precedence
    if op.notation == CALL:
        return f"{op.operator}({', '.join(text for text, _ in parts)})", mine
    if op.notation != INFIX:  # a prefix: -x
        text, inner = parts[0]
        return op.operator + (text if inner > mine else f"({text})"), mine
    (left, left_prec), (right, right_prec) = parts
    # ** is right-associative and binds tighter than a leading minus: (-2)**x, x**-1 is fine
    right_associative = op.operator == "**"
    left_needs = left_prec <= mine if right_associative else left_prec < mine
    right_needs = right_prec < mine if right_associative else right_prec <= mine
    if op.operator in ("+", "*") and right_prec == mine:
        right_needs = False  # a + (b + c) == a + b + c as a formula
    spaced = f" {op.operator} " if op.operator in ("+", "-") else op.operator
    left = f"({left})" if left_needs else left
    right = f"({right})" if right_needs else right
    return f"{left}{spaced}{right}", mine
