"""Seeded generators of broken inputs: graph files mutated from the shipped examples,
and expressions random or mutated from valid ones.

Both the bounded fuzz test (``test_fuzz_bounded.py``) and the long run
(``run_fuzz.py --count N``) draw from here, so a failure found by either is
reproduced from its seed and case number.
"""

from __future__ import annotations

import json
import random

from backprop_gui.core.examples import EXAMPLES_DIR

EXAMPLE_TEXTS = [path.read_text(encoding="utf-8") for path in sorted(EXAMPLES_DIR.glob("*.json"))]

HOSTILE_TEXT = [
    "", " ", "\ud800", "x\udfff", "a\nb", "\r", "\r\n", "\x00", "\t", "\u2028", "\u202e",
    "\u200b", "\x1b[31m", "'''", '"""', "\\", "é", "😀", "NaN", "inf", "-0", "x" * 5000,
    "s", "x", "add", "op", "input", "constant", "backprop-gui.graph", "${HOME}", "%s",
]  # fmt: skip
HOSTILE_VALUES = [
    None, True, False, 0, -1, 1, 2, 7, 1.5, -0.0, 1e308, 10**400, float("nan"), float("inf"),
    [], {}, [0, 0], [1, "a"], {"a": 1}, [[[[[]]]]], "0.5",
]  # fmt: skip


# ---------------------------------------------------------------------- files


def mutated_file(rng: random.Random) -> bytes:
    """The bytes of a shipped example after one to three random mutations."""
    document = json.loads(rng.choice(EXAMPLE_TEXTS))
    for _ in range(rng.randint(1, 3)):
        rng.choice(_DOCUMENT_MUTATIONS)(rng, document)
    text = json.dumps(document, ensure_ascii=rng.random() < 0.5)  # NaN and inf as JSON allows
    data = text.encode("utf-8", errors="surrogatepass")  # a lone surrogate as raw bytes, too
    if rng.random() < 0.3:
        data = rng.choice(_BYTE_MUTATIONS)(rng, data)
    return data


def _containers(value, found=None) -> list:
    """Every dict and list inside ``value``, itself included."""
    found = [] if found is None else found
    if isinstance(value, (dict, list)):
        found.append(value)
        for item in value.values() if isinstance(value, dict) else value:
            _containers(item, found)
    return found


def _slot(rng: random.Random, document: dict):
    """A random (container, key or index) inside the document, or None if all are empty."""
    slots = [
        (container, key)
        for container in _containers(document)
        for key in (container if isinstance(container, dict) else range(len(container)))
    ]
    return rng.choice(slots) if slots else None


def _delete_key(rng, document) -> None:
    slot = _slot(rng, document)
    if slot:
        container, key = slot
        del container[key]


def _swap_type(rng, document) -> None:
    slot = _slot(rng, document)
    if slot:
        container, key = slot
        container[key] = rng.choice(HOSTILE_VALUES + HOSTILE_TEXT)


def _records(document: dict, key: str) -> list[dict]:
    """The objects in ``document[key]``, however earlier mutations left it."""
    value = document.get(key)
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _hostile_string(rng, document) -> None:
    """Put a hostile text where text is expected: an id, a label, an op, a kind."""
    nodes = _records(document, "nodes")
    node = rng.choice(nodes) if nodes else document
    key = rng.choice(["id", "label", "op", "kind"])
    text = rng.choice(HOSTILE_TEXT)
    if key == "id" and "id" in node:
        _rename(document, node["id"], text)
    else:
        node[key] = text


def _rename(document: dict, old: str, new: str) -> None:
    """Rename a node everywhere it is named, so the new id is what the loader meets."""
    for node in _records(document, "nodes"):
        if node.get("id") == old:
            node["id"] = new
    for edge in _records(document, "edges"):
        for end in ("source", "target"):
            if edge.get(end) == old:
                edge[end] = new
    if document.get("output") == old:
        document["output"] = new


def _duplicate(rng, document) -> None:
    key = rng.choice(["nodes", "edges"])
    records = _records(document, key)
    if records:
        document[key].append(json.loads(json.dumps(rng.choice(records))))


def _rewire(rng, document) -> None:
    """Point an edge at another node or port: cycles, edges into inputs, taken ports."""
    nodes, edges = _records(document, "nodes"), _records(document, "edges")
    if nodes and edges:
        edge = rng.choice(edges)
        edge[rng.choice(["source", "target"])] = rng.choice(nodes).get("id")
        edge["port"] = rng.choice([0, 1, 2, -1])


def _meta(rng, document) -> None:
    document["meta"] = rng.choice(
        [{"title": rng.choice(HOSTILE_TEXT)}, {"description": {"a": 1}}, {"x": float("nan")},
         {"\ud800": 1}, [], "meta", {"deep": [[[[[[[[[[]]]]]]]]]]}],
    )  # fmt: skip


_DOCUMENT_MUTATIONS = [_delete_key, _swap_type, _hostile_string, _duplicate, _rewire, _meta]


def _truncate(rng, data: bytes) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def _flip_byte(rng, data: bytes) -> bytes:
    if not data:
        return data
    index = rng.randrange(len(data))
    return data[:index] + bytes([rng.randrange(256)]) + data[index + 1 :]


def _insert_bytes(rng, data: bytes) -> bytes:
    index = rng.randrange(len(data) + 1)
    noise = rng.choice([b"\xef\xbb\xbf", b"\x00", b"\xff\xfe", b"\\ud800", b"[" * 5000, b"\xc3"])
    return data[:index] + noise + data[index:]


def _bom(rng, data: bytes) -> bytes:
    return b"\xef\xbb\xbf" + data


_BYTE_MUTATIONS = [_truncate, _flip_byte, _insert_bytes, _bom]


# ---------------------------------------------------------------- expressions

VALID_EXPRESSIONS = [
    "1/(1+exp(-x))", "h = w*x + b\ny = relu(h)\ny", "max(0, w*x + b) + pi", "x^2 + 3*x",
    "sigmoid(w1*x1 + w2*x2 + b)", "a = x*y; b = a + x; b*b", "(-2)**x", "e^-x",
    "sqrt(abs(x)) - log(1 + x*x)", "min(tanh(α), cos(é))",
]  # fmt: skip
_TOKENS = [
    "x", "y", "α", "é", "exp", "max", "pi", "e", "True", "False", "None", "1", "0.5", "1e999",
    "0x1F", "1_0", "1j", "9" * 5000, "+", "-", "*", "/", "**", "^", "%", "//", "@", "<", "==",
    "and", "not", "if", "else", "lambda", "(", ")", "[", "]", ",", "=", ";", "\n", "\r", "\r\n",
    "\\\n", " ", "\t", "'", '"', "'a'", "#", ".", ":", "\x00", "\u2028", "😀", "ααααα", ":=",
    "yield", "await", "f'{x}'", "...",
]  # fmt: skip


def random_expression(rng: random.Random) -> str:
    """Either random tokens, or a valid expression with a few characters changed."""
    if rng.random() < 0.5:
        return "".join(rng.choice(_TOKENS) for _ in range(rng.randint(0, 25)))
    text = rng.choice(VALID_EXPRESSIONS)
    for _ in range(rng.randint(1, 4)):
        index = rng.randrange(len(text) + 1)
        change = rng.choice(["delete", "insert", "replace", "repeat"])
        if change == "delete":
            text = text[:index] + text[index + 1 :]
        elif change == "insert":
            text = text[:index] + rng.choice(_TOKENS) + text[index:]
        elif change == "replace":
            text = text[:index] + rng.choice(_TOKENS) + text[index + 1 :]
        else:  # deep nesting or long chains
            piece = rng.choice(["(", "-", "x+", "exp(", "x**", "not "])
            text = text[:index] + piece * rng.choice([10, 300, 3000]) + text[index:]
    return text
