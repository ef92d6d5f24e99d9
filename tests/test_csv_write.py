"""`csv_rows` and `csv_text` write what the csv module's writer writes on Python 3.12, byte for byte
(every CSV export uses them), on any version: a cell holding a lone "\r" reads back."""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from workbench.text.csvwrite import cell, csv_rows, csv_text


def _writer_text(rows: list[list[object]]) -> str:
    """The rows as the csv module's writer writes them from Python 3.12 on ("\\r" quoted
    too), on any version: "\\r\\n" line ends quote both, and each row's "\\r" is taken off."""
    text = []
    for row in rows:
        stream = io.StringIO()
        csv.writer(stream, lineterminator="\r\n").writerow(row)
        text.append(stream.getvalue()[:-2] + "\n")
    return "".join(text)


def test_each_character_is_written_as_the_csv_writer_writes_it() -> None:
    # ASCII and Latin-1 (the delimiter, quote and line ends among them), Unicode's line
    # and paragraph separators, a byte-order mark and characters past the BMP.
    others = [0x2028, 0x2029, 0xFEFF, 0xFFFD, 0x1F600, 0x10FFFF]
    characters = [chr(c) for c in [*range(0x300), *others]]
    values = [f"a{char}b" for char in characters] + characters
    rows = [[value, value[::-1]] for value in values]
    columns = [[cell(row[0]) for row in rows], [cell(row[1]) for row in rows]]
    assert csv_text(["one", "two"], columns) == _writer_text([["one", "two"], *rows])


cells_text = st.text(alphabet=st.sampled_from(list(',"\n\r x\u00e9\u2028')), max_size=8)


@given(
    st.lists(
        st.tuples(cells_text, st.integers(-(10**6), 10**6), cells_text, cells_text), max_size=6
    )
)
def test_rows_of_text_and_numbers_are_written_as_the_csv_writer_writes_them(
    rows: list[tuple[str, int, str, str]],
) -> None:
    header = ["a, b", 'say "hi"', "c", "d"]
    columns = [
        [cell(row[0]) for row in rows],
        [row[1] for row in rows],
        [cell(row[2]) for row in rows],
        [cell(row[3]) for row in rows],
    ]
    assert csv_text(header, columns) == _writer_text([header, *[list(row) for row in rows]])


def _python_writer_text(rows: list[list[object]]) -> str:
    """The rows as this Python's csv writer writes them, with the "\n" line ends we use."""
    stream = io.StringIO()
    csv.writer(stream, lineterminator="\n").writerows(rows)
    return stream.getvalue()


def _read(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), strict=True))


# Text from anywhere in Unicode, with the characters that quoting is about made common.
any_text = st.text(st.one_of(st.sampled_from(list(',"\n\r ')), st.characters()), max_size=8)
numbers = st.one_of(st.integers(), st.floats(), st.booleans())


def _no_lone_cr(value: object) -> bool:
    return not isinstance(value, str) or "\r" not in value.replace("\r\n", "")


@given(st.lists(st.lists(st.one_of(any_text, numbers, st.none()).filter(_no_lone_cr), max_size=5)))
def test_rows_without_a_lone_carriage_return_are_written_as_this_pythons_writer_writes_them(
    rows: list[list[object]],
) -> None:
    assert csv_rows(rows) == _python_writer_text(rows)


@given(st.lists(st.lists(st.one_of(any_text, numbers, st.none()), max_size=5)))
def test_every_row_reads_back_and_a_carriage_return_is_quoted(rows: list[list[object]]) -> None:
    text = csv_rows(rows)
    assert text == _writer_text(rows)
    assert _read(text) == [["" if value is None else str(value) for value in row] for row in rows]
    for value in {v for row in rows for v in row if isinstance(v, str) and "\r" in v}:
        assert cell(value).startswith('"') and cell(value).endswith('"')


def test_a_lone_carriage_return_is_quoted_where_this_pythons_writer_may_not() -> None:
    rows: list[list[object]] = [["a\rb", "c"], ["\r"], [None], [""], [], ["x", 1, 2.5, None]]
    assert csv_rows(rows) == '"a\rb",c\n"\r"\n""\n""\n\nx,1,2.5,\n'
    assert _read(csv_rows(rows)) == [["a\rb", "c"], ["\r"], [""], [""], [], ["x", "1", "2.5", ""]]
