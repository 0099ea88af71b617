"""Files made to break the loader: wrong JSON types, unsaveable or multi-line ids, huge
echoes, and names that are not regular files. Each is one short FileFormatError line."""

import copy
import json
import os
import stat
import threading

import pytest
from core_helpers import EXAMPLES

from backprop_gui.core import FileFormatError, dumps, load, loads
from backprop_gui.core.quoting import QUOTE_LIMIT
from backprop_gui.core.textfile import MAX_FILE_BYTES

SIGMOID = EXAMPLES / "sigmoid.bpg.json"
BASE = json.loads(SIGMOID.read_text(encoding="utf-8"))
MESSAGE_LIMIT = 6 * QUOTE_LIMIT  # a message quotes at most a few inputs


def refusal(change) -> str:
    """The one-line message refusing the example changed by ``change``."""
    document = copy.deepcopy(BASE)
    change(document)
    with pytest.raises(FileFormatError) as error:
        loads(json.dumps(document))
    message = str(error.value)
    assert "\n" not in message and "\r" not in message and len(message) <= MESSAGE_LIMIT
    return message


def set_node(index, key, value):
    return lambda document: document["nodes"][index].__setitem__(key, value)


def set_edge(index, key, value):
    return lambda document: document["edges"][index].__setitem__(key, value)


def set_top(key, value):
    return lambda document: document.__setitem__(key, value)


WRONG_TYPES = {
    "op a list": (set_node(6, "op", []), "node 's': unknown op []"),
    "op an object": (set_node(6, "op", {}), "node 's': unknown op {}"),
    "kind a list": (set_node(0, "kind", ["input"]), "node 'x': unknown kind ['input']"),
    "id a list": (set_node(0, "id", ["x"]), "node 0: missing id"),
    "label a number": (set_node(0, "label", 1), "node 'x': \"label\" must be text, not 1"),
    "value an object": (set_node(0, "value", {}), "node 'x': value must be a number, not {}"),
    "trainable text": (set_node(0, "trainable", "yes"), "node 'x': \"trainable\" must be true"),
    "pos an object": (set_node(0, "pos", {}), "node 'x': \"pos\" must be two finite numbers"),
    "source a list": (set_edge(0, "source", []), "edge 0: source [] is not a node"),
    "port text": (set_edge(0, "port", "0"), "edge 0 (x → neg): 'neg' (neg) has only port 0"),
    "port a float": (set_edge(0, "port", 0.0), "has only port 0, not 0.0"),
    "output a list": (set_top("output", ["s"]), "\"output\" names no node of the graph: ['s']"),
    "meta a list": (set_top("meta", []), '"meta" must be an object, not a list'),
    "title an object": (lambda d: d["meta"].__setitem__("title", {}), "meta.title must be text"),
    "edges an object": (set_top("edges", {}), '"edges" must be a list, not an object'),
    "an edge a list": (set_top("edges", [[]]), "edge 0: must be an object, not a list"),
    "format a list": (set_top("format", []), '"format" is []'),
    "version text": (set_top("version", "1"), "\"version\" must be a whole number, not '1'"),
}


@pytest.mark.parametrize("case", list(WRONG_TYPES))
def test_a_wrong_json_type_anywhere_is_refused_naming_the_place(case):
    change, message = WRONG_TYPES[case]
    assert message in refusal(change)


@pytest.mark.parametrize(
    "node_id",
    ["\ud800", "a\nb", "a\rb", "tab\there", "nul\0", "\u2028", "zero\u200bwidth", "\x1b[31m"],
    ids=["surrogate", "newline", "return", "tab", "NUL", "line separator", "format", "escape"],
)
def test_ids_that_are_not_printable_single_line_text_are_refused(node_id):
    def change(document):
        document["nodes"][0]["id"] = node_id
        document["edges"] = []

    message = refusal(change)
    assert message.startswith("node 0: the id must be printable text on one line, not ")


def test_printable_ids_in_any_script_load_and_save_unchanged():
    document = copy.deepcopy(BASE)
    renames = {"x": "α β", "neg": "負", "s": "😀"}
    for node in document["nodes"]:
        node["id"] = renames.get(node["id"], node["id"])
    for edge in document["edges"]:
        edge["source"] = renames.get(edge["source"], edge["source"])
        edge["target"] = renames.get(edge["target"], edge["target"])
    document["output"] = "😀"
    graph = loads(json.dumps(document))
    assert loads(dumps(graph)).node_ids() == graph.node_ids()
    assert {"α β", "負", "😀"} <= set(graph.node_ids())


@pytest.mark.parametrize(
    "change, place",
    [
        (set_node(0, "label", "x\udfff"), "node 'x': \"label\" holds a lone surrogate (U+DFFF)"),
        (lambda d: d["meta"].__setitem__("title", "\ud800"), '"meta" holds a lone surrogate'),
        (lambda d: d["meta"].__setitem__("more", {"\udc80": 1}), '"meta" holds a lone surrogate'),
    ],
    ids=["label", "title", "key in meta"],
)
def test_text_no_utf8_file_can_hold_is_refused_before_it_could_break_a_save(change, place):
    assert place in refusal(change)


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["nodes"].extend([{"id": "i" * 100_000, "kind": "op", "op": "neg"}] * 2),
        set_node(0, "value", "v" * 100_000),
        set_node(0, "pos", list(range(100_000))),
        set_node(6, "op", "o" * 100_000),
        set_edge(0, "port", "p" * 100_000),
        set_top("format", "f" * 100_000),
        set_top("version", 10**4000),
        set_top("output", "\n" * 100_000),
    ],
    ids=["id", "value", "pos", "op", "port", "format", "version", "output"],
)
def test_a_refusal_quotes_at_most_a_short_piece_of_a_huge_input(change):
    assert "…" in refusal(change)  # refusal() checks that the line stays short


def test_long_ids_are_shortened_wherever_a_message_names_them():
    long_id = "n" * 10_000

    def change(document):
        document["nodes"].append({"id": long_id, "kind": "op", "op": "neg"})
        document["edges"].append({"source": long_id, "target": long_id, "port": 0})

    assert "a node cannot feed itself (nnnn" in refusal(change)


def test_a_utf8_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.bpg.json"
    path.write_bytes(b"\xef\xbb\xbf" + SIGMOID.read_bytes())
    assert dumps(load(path)) == dumps(load(SIGMOID))
    assert dumps(loads("\ufeff" + SIGMOID.read_text(encoding="utf-8"))) == dumps(load(SIGMOID))


# ------------------------------------------------------------------ names


def refused_path(path, message: str) -> None:
    with pytest.raises(FileFormatError) as error:
        load(path)
    text = str(error.value)
    assert text.startswith("cannot read ") and message in text and "\n" not in text


def test_a_folder_is_refused(tmp_path):
    refused_path(tmp_path, "it is a folder, not a file")


def test_a_nul_in_the_name_is_refused(tmp_path):
    refused_path(f"{tmp_path}/a\0b.json", "a file name cannot contain a NUL character")


def test_a_name_with_a_newline_is_shown_escaped_on_one_line(tmp_path):
    refused_path(tmp_path / "two\nlines.json", r"two\nlines.json': No such file")


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_a_device_is_refused_without_reading_it():
    refused_path("/dev/zero", "it is a device, not a regular file")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    outcome = []

    def attempt():
        with pytest.raises(FileFormatError) as error:
            load(fifo)
        outcome.append(str(error.value))

    reader = threading.Thread(target=attempt, daemon=True)  # a blocked open stays behind
    reader.start()
    reader.join(timeout=10)
    assert outcome == [f"cannot read {fifo}: it is a named pipe, not a regular file"]


def test_a_file_over_the_size_cap_is_refused_without_reading_it(tmp_path):
    huge = tmp_path / "huge.json"
    with open(huge, "wb") as file:
        file.truncate(MAX_FILE_BYTES + 1)  # sparse: takes no room on disk
    refused_path(huge, "the file is larger than 200 MB, the most this app reads")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file_is_refused_with_the_reason(tmp_path):
    locked = tmp_path / "locked.json"
    locked.write_text("{}")
    locked.chmod(0)
    try:
        refused_path(locked, "Permission denied")
    finally:
        locked.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_bytes_that_are_not_utf8_are_refused_with_their_offset(tmp_path):
    latin = tmp_path / "latin.json"
    latin.write_bytes(b'{"title": "\xe9"}')
    refused_path(latin, "not UTF-8 text (byte 0xe9 at offset 11)")
