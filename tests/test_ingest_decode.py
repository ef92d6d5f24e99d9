"""Tests for workbench.ingest.decode: encodings, refusals and their line numbers."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.errors import IngestError
from workbench.ingest.decode import CP1252_WARNING, decode
from workbench.text.normalise import normalise

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_utf8_without_bom_is_decoded_without_warnings() -> None:
    assert decode("Interviewer: café\n".encode(), "a.txt") == ("Interviewer: café\n", [])


def test_utf8_bom_and_crlf_are_removed() -> None:
    text, warnings = decode(fixture("utf8_bom_crlf.txt"), "utf8_bom_crlf.txt")
    assert warnings == []
    assert not text.startswith("\ufeff")
    assert "\r" not in text
    assert text.splitlines()[1] == (
        "Respondent: Three of us sang while we waited for the bus – “practice”, we called it."
    )


def test_utf16_le_with_bom() -> None:
    text, warnings = decode(fixture("utf16le_bom.txt"), "utf16le_bom.txt")
    assert warnings == []
    assert "\r" not in text
    assert "Très utile — I could" in text


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF8, "utf-8"),
    ],
)
def test_every_bom_decides_the_encoding(bom: bytes, codec: str) -> None:
    data = bom + "R1: ça va\r\nQ: oui\r\n".encode(codec)
    assert decode(data, "a.txt") == ("R1: ça va\nQ: oui\n", [])


def test_utf32_le_bom_is_not_mistaken_for_utf16() -> None:
    # FF FE 00 00 starts both a UTF-32 LE and a UTF-16 LE file; UTF-32 wins.
    data = codecs.BOM_UTF32_LE + "Q: x".encode("utf-32-le")
    assert decode(data, "a.txt")[0] == "Q: x"


def test_cp1252_file_is_decoded_with_a_warning() -> None:
    text, warnings = decode(fixture("cp1252.txt"), "cp1252.txt")
    assert warnings == [CP1252_WARNING]
    assert warnings == ["decoded as Windows-1252 (cp1252), not UTF-8"]
    assert "What did the café mean to you?" in text
    assert "It was “our” place. I’d go there" in text
    assert "Near enough – except" in text


def test_binary_file_is_refused() -> None:
    with pytest.raises(IngestError) as error:
        decode(fixture("binary.txt"), "binary.txt")
    assert error.value.line == 3
    assert str(error.value) == (
        "binary.txt:3: binary file (NUL byte at line 3); not a text transcript"
    )


def test_undecodable_file_names_the_first_line_that_is_neither_encoding() -> None:
    with pytest.raises(IngestError) as error:
        decode(fixture("undecodable.txt"), "undecodable.txt")
    assert error.value.line == 3
    assert str(error.value) == (
        "undecodable.txt:3: neither UTF-8 nor Windows-1252 text (byte 0x9D); "
        "save the file as UTF-8 and import it again"
    )


@pytest.mark.parametrize("byte", [0x81, 0x8D, 0x8F, 0x90, 0x9D])
def test_bytes_undefined_in_cp1252_are_refused(byte: int) -> None:
    data = b"Q: one\nR: two \xe9 " + bytes([byte]) + b"\n"
    with pytest.raises(IngestError, match=f"byte 0x{byte:02X}") as error:
        decode(data, "a.txt")
    assert error.value.line == 2


def test_mixed_utf8_and_cp1252_lines_are_refused_not_garbled() -> None:
    data = "Q: the café\n".encode() + b"R: the caf\xe9\n"
    with pytest.raises(IngestError) as error:
        decode(data, "mixed.txt")
    assert str(error.value) == (
        "mixed.txt:2: not valid UTF-8, although other lines are (mixed encodings); "
        "save the file as UTF-8 and import it again"
    )


def test_utf8_quote_bytes_do_not_count_as_cp1252() -> None:
    # ” in UTF-8 is E2 80 9D; 0x9D is undefined in cp1252, but the line is valid UTF-8.
    data = "Q: “quoted”\n".encode() + b"R: caf\xe9\n"
    with pytest.raises(IngestError, match="mixed encodings") as error:
        decode(data, "a.txt")
    assert error.value.line == 2


@pytest.mark.parametrize("char", ["\x01", "\x07", "\x08", "\x1b", "\x1f", "\x0e"])
def test_control_characters_are_refused_with_their_line(char: str) -> None:
    data = f"Q: one\r\nR: two\r\nQ: three{char}\n".encode()
    with pytest.raises(IngestError) as error:
        decode(data, "c.txt")
    assert str(error.value) == (
        f"c.txt:3: control character U+{ord(char):04X} in the text; not a plain-text transcript"
    )


def test_nul_inside_utf16_text_is_a_control_character() -> None:
    data = codecs.BOM_UTF16_LE + "Q: a\nR: b\x00c".encode("utf-16-le")
    with pytest.raises(IngestError, match="control character U\\+0000") as error:
        decode(data, "a.txt")
    assert error.value.line == 2


def test_tab_form_feed_and_vertical_tab_are_allowed() -> None:
    text, _ = decode(b"Q:\tone\x0cR: two\x0bQ: three", "a.txt")
    assert text == "Q:\tone\nR: two\nQ: three"


def test_broken_utf16_after_its_bom_is_refused_with_a_line() -> None:
    data = codecs.BOM_UTF16_LE + "Q: one\nR: two\n".encode("utf-16-le") + b"\x00\xd8"
    with pytest.raises(IngestError) as error:
        decode(data, "u.txt")
    assert str(error.value) == (
        "u.txt:3: not valid UTF-16 LE text although it starts with a UTF-16 LE byte-order mark"
    )


def test_c1_controls_give_a_warning() -> None:
    # What cp1252's ’ (0x92) becomes when a file was read as Latin-1 and saved as UTF-8.
    text, warnings = decode("Q: one\nR: I\u0092d go\n".encode(), "a.txt")
    assert text == "Q: one\nR: I\u0092d go\n"
    assert len(warnings) == 1
    assert warnings[0].startswith("line 2: control character U+0092;")


def test_text_is_normalised_to_nfc() -> None:
    assert decode("Q: cafe\u0301".encode(), "a.txt")[0] == "Q: café"


def test_empty_file_decodes_to_empty_text() -> None:
    assert decode(b"", "a.txt") == ("", [])


_plain_text = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff")
    | st.sampled_from("\t\n\r\x0b\x0c"),
    max_size=60,
)


@settings(max_examples=60, deadline=None)
@given(
    text=_plain_text,
    codec=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32"]),
)
def test_unicode_round_trips_through_any_bom_encoding(text: str, codec: str) -> None:
    data = text.encode(codec)
    if codec == "utf-16-le":
        data = codecs.BOM_UTF16_LE + data
    assert decode(data, "a.txt")[0] == normalise(text)


@settings(max_examples=60, deadline=None)
@given(text=st.text(st.characters(codec="cp1252", blacklist_categories=("Cc",)), max_size=40))
def test_cp1252_text_is_never_garbled(text: str) -> None:
    data = text.encode("cp1252")
    decoded, warnings = decode(data, "a.txt")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        assert decoded == normalise(text)
        assert warnings == [CP1252_WARNING]
    else:
        # Valid UTF-8 is read as UTF-8; C1 controls in it ("ÂŒ" is U+008C) are warned about.
        as_utf8 = data.decode("utf-8")
        assert decoded == normalise(as_utf8)
        c1 = any("\x80" <= char <= "\x9f" and char != "\x85" for char in as_utf8)
        assert len(warnings) == int(c1)
        assert all("control character U+" in warning for warning in warnings)
