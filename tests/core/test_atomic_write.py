"""core.atomic_write and core.file_state, below the window's File › Save."""

from __future__ import annotations

import os

import pytest

from backprop_gui.core import FileFormatError, Graph, save
from backprop_gui.core.atomic_write import remove_leftover_temporaries, write_atomically
from backprop_gui.core.file_state import FileStamp, is_read_only


def test_a_lone_surrogate_is_refused_with_the_old_file_whole(tmp_path):
    target = tmp_path / "g.bpg.json"
    save(Graph(), target)
    old = target.read_bytes()
    graph = Graph()
    graph.meta["title"] = "\ud800"
    with pytest.raises(FileFormatError, match="cannot save .*surrogate"):
        save(graph, target)
    assert target.read_bytes() == old and os.listdir(tmp_path) == ["g.bpg.json"]


def test_a_dangling_link_gets_its_file_created(tmp_path):
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "made.json")
    write_atomically(link, b"{}")
    assert link.is_symlink() and (tmp_path / "made.json").read_bytes() == b"{}"


def test_our_own_temporary_files_are_never_taken_for_leftovers(tmp_path):
    ours = tmp_path / f".g.json.{os.getpid()}.0123abcd.saving"
    ours.write_bytes(b"")
    assert remove_leftover_temporaries(str(tmp_path)) == [] and ours.exists()


def test_a_stamp_sees_changes_and_ignores_a_missing_file(tmp_path):
    path = tmp_path / "g.bpg.json"
    save(Graph(), path)
    stamp = FileStamp.of(path)
    assert not stamp.changed_on_disk(path)
    assert FileStamp.from_json(stamp.to_json()) == stamp
    assert FileStamp.from_json({"size": "1"}) is None and FileStamp.of(tmp_path) is None
    path.write_text(" " + path.read_text())
    assert stamp.changed_on_disk(path)
    path.unlink()
    assert not stamp.changed_on_disk(path)


def test_read_only_means_the_write_bits_even_for_root(tmp_path):
    path = tmp_path / "g.bpg.json"
    save(Graph(), path)
    assert not is_read_only(path) and not is_read_only(tmp_path / "missing")
    path.chmod(0o444)
    assert is_read_only(path)
