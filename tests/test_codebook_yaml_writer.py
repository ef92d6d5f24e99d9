"""The codebook YAML writer against ruamel.yaml's round-trip dumper, the reference it replaced:
byte for byte on random codebooks, and read back to the same codebook."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from workbench.codebook.files import (
    COMMAND_KEYS,
    TEXT_FIELDS,
    CodebookSpec,
    CodeSpec,
    codebook_document,
    dump_codebook,
    load_codebook,
)
from workbench.resources import data_dir

# A third of the fuzz examples: each is a whole codebook, written twice.
EXAMPLES = int(os.environ.get("WORKBENCH_FUZZ_EXAMPLES", "100")) // 3
PROPERTY = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# Pieces that YAML treats specially somewhere: indicators, words that read as other types,
# spacing and breaks of every kind, quotes, characters outside ASCII and outside printable.
SPECIAL_WORDS = ("yes", "no", "null", "Null", "true", "False", "~", "1.0", "0x10", "0o17", "1e3")
SPECIAL_WORDS += ("-1", ".inf", ".NaN", "2001-12-14", "<<", "=", "---", "...", "- x", "? x")
PUNCTUATION = (*"'\":#,[]{}&*!|>%@`?-/\\", ": ", " #", "''", '""', "\\n")
SPACING = (" ", "  ", "\t", "\n", "\n\n", " \n", "\n ")
UNICODE = ("é", "ß", "中文", "😀", "\xa0", "\u200b", "\ufeff")
BREAKS_AND_CONTROLS = ("\r", "\r\n", "\x85", "\u2028", "\u2029", "\x00", "\x07", "\x1b", "\x7f")
WORDS = ("Legitimation", "norms", "a", "UNHCR", "x" * 90)


def _texts(pieces: tuple[str, ...], *, other: tuple[str, ...] = ()) -> st.SearchStrategy[str]:
    """Texts made of `pieces` and of characters of any category but those in `other`."""
    characters = st.characters(blacklist_categories=("Cs", *other))  # type: ignore[arg-type]
    piece = st.sampled_from(pieces) | st.text(characters, max_size=6)
    short = st.lists(piece, max_size=8).map("".join)
    # Long enough to be folded into a `>` block, or to reach the 4096-column line width.
    long = st.builds(
        lambda words, times: " ".join(words * times),
        st.lists(st.sampled_from(pieces), min_size=1, max_size=3),
        st.sampled_from((10, 30, 300)),
    )
    return st.one_of(st.just(""), short, short, short, long)


ANY_TEXT = _texts((*SPECIAL_WORDS, *PUNCTUATION, *SPACING, *UNICODE, *BREAKS_AND_CONTROLS, *WORDS))


@st.composite
def any_codebooks(draw: st.DrawFn) -> CodebookSpec:
    """Any values the writer may be handed, valid as a codebook file or not."""

    def code(depth: int) -> CodeSpec:
        texts = {name: draw(ANY_TEXT) for name in TEXT_FIELDS}
        children = [code(depth + 1) for _ in range(draw(st.integers(0, 3 if depth < 2 else 0)))]
        return CodeSpec(
            name=draw(ANY_TEXT),
            line=0,
            guid=draw(st.none() | ANY_TEXT),
            key=draw(st.none() | ANY_TEXT),
            colour=draw(st.none() | ANY_TEXT),
            children=children,
            **texts,
        )

    codes = [code(0) for _ in range(draw(st.integers(0, 3)))]
    return CodebookSpec(draw(ANY_TEXT), draw(ANY_TEXT), codes)


def ruamel_dump(spec: CodebookSpec) -> str:
    """The writer this replaced: ruamel.yaml's round-trip dumper, configured as it was."""
    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    stream = io.StringIO()
    yaml.dump(codebook_document(spec), stream)
    return stream.getvalue()


@PROPERTY
@given(spec=any_codebooks())
def test_writer_matches_ruamel_byte_for_byte(spec: CodebookSpec) -> None:
    assert dump_codebook(spec) == ruamel_dump(spec)


def test_writer_matches_ruamel_on_the_bundled_codebooks() -> None:
    for name in ("iom_mandate.yaml", "starter.yaml"):
        spec = load_codebook(data_dir("codebooks") / name)
        assert dump_codebook(spec) == ruamel_dump(spec), name


@pytest.mark.parametrize(
    "text",
    [
        "kept\n\n",  # a `|+` block, and "..." after it at the end
        "\n lead\nline \n\n",
        "a\u2028b\nc",  # a break only the emitter's own `|` writer handles
        " starts with a space " + "word " * 30,  # a `>` block with an indent hint
        "long " * 900 + "end",  # folded lines past the 4096-column width
        "x" * 5000 + " y",  # a word past the width: plain, then broken by the emitter
        "no fold:  " * 500,
    ],
)
def test_writer_matches_ruamel_at_the_edges_of_its_own_layout(text: str) -> None:
    spec = CodebookSpec(text, text, [CodeSpec(text, 0, example=text, children=[])])
    assert dump_codebook(spec) == ruamel_dump(spec)


# Texts as reading a file leaves them, which a file gives back as written: stripped, no control
# character but "\n" and "\t", no break but "\n". The writer, like the reference, writes other
# controls raw in a `|` block, where they are refused (U+001F) or read as breaks (U+2028), and
# folds a text that starts with a space into a `>2-` block that reads back with a break.
FILE_TEXT = _texts(
    (*SPECIAL_WORDS, *PUNCTUATION, *SPACING, *UNICODE, *WORDS), other=("Cc", "Zl", "Zp")
).map(str.strip)
NAME = FILE_TEXT.map(lambda text: " ".join(text.replace("/", " ").split())[:200].strip()).filter(
    bool
)  # a file's code names have no spaces around them (the schema says so)
FREE_KEYS = [
    k for k in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZefghijklpstwyz" if k not in COMMAND_KEYS
]


@st.composite
def valid_codebooks(draw: st.DrawFn) -> CodebookSpec:
    """Codebooks that a codebook file can hold: unique sibling names, keys and guids."""
    keys = iter(draw(st.permutations(FREE_KEYS)))
    guids = iter(draw(st.lists(st.uuids(), min_size=40, max_size=40, unique=True)))

    def codes(depth: int) -> list[CodeSpec]:
        names = draw(st.lists(NAME, max_size=3 if depth < 2 else 0, unique_by=str.strip))
        return [
            CodeSpec(
                name=name,
                line=0,
                guid=str(next(guids)) if draw(st.booleans()) else None,
                key=next(keys) if draw(st.booleans()) else None,
                colour=draw(st.none() | st.from_regex(r"#[0-9a-fA-F]{6}", fullmatch=True)),
                children=codes(depth + 1),
                **{field: draw(FILE_TEXT) for field in TEXT_FIELDS},
            )
            for name in names
        ]

    return CodebookSpec(draw(NAME), draw(FILE_TEXT), codes(0))


def _codes_as_read(spec: CodebookSpec) -> list[tuple[str, ...]]:
    """Each code as a file gives it back: path, guid, key, colour and texts."""
    return [
        (path, *(getattr(code, field) or "" for field in ("guid", "key", "colour", *TEXT_FIELDS)))
        for path, code in spec.walk()
    ]


@PROPERTY
@given(spec=valid_codebooks())
def test_written_codebook_reads_back_the_same(spec: CodebookSpec, tmp_path: Path) -> None:
    text = dump_codebook(spec)
    assert text == ruamel_dump(spec)
    (tmp_path / "again.yaml").write_text(text, encoding="utf-8")
    again = load_codebook(tmp_path / "again.yaml")
    assert (again.name, again.description) == (spec.name, spec.description)
    assert _codes_as_read(again) == _codes_as_read(spec)
