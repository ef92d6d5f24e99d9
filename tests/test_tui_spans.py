"""What the transcript view draws, as pure logic: code colours."""

from __future__ import annotations

from workbench.domain import CodeInfo
from workbench.tui.spans import code_colours


def code(id_: int, path: str, colour: str | None = None) -> CodeInfo:
    parent = path.rpartition("/")[0] or None
    return CodeInfo(
        id_, f"g{id_}", path, path.rsplit("/", 1)[-1], path.count("/"), parent, None, colour,
        "", "", "", "", "active",
    )  # fmt: skip


def test_adding_a_code_changes_no_other_codes_colour() -> None:
    before = code_colours([code(1, "Alpha"), code(2, "Beta"), code(3, "Gamma")])
    after = code_colours([code(1, "Alpha"), code(4, "Aardvark"), code(2, "Beta"), code(3, "Gamma")])
    assert {path: after[path] for path in before} == before


def test_children_inherit_and_own_colours_win() -> None:
    colours = code_colours([code(1, "A", "#123456"), code(2, "A/b"), code(3, "C", "#abcdef")])
    assert colours == {"A": "#123456", "A/b": "#123456", "C": "#abcdef"}
