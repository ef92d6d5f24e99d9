"""`csv_text` writes what the csv module's writer writes, byte for byte (golden exports use it)."""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from workbench.text.csvwrite import cell, csv_text


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
