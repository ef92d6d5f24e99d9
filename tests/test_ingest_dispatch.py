"""Tests for workbench.ingest's entry points, and that the fixtures match their script."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from types import ModuleType

import pytest

from workbench.errors import IngestError
from workbench.ingest import SUPPORTED_SUFFIXES, parse_bytes, parse_file

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
REFUSED = {
    "annotation.odt",
    "binary.txt",
    "broken_cue.srt",
    "broken_cue.vtt",
    "comment.docx",
    "empty_cue.srt",
    "malformed.srt",
    "malformed.vtt",
    "tracked_changes.docx",
    "tracked_changes.odt",
    "undecodable.txt",
} | {path.name for path in FIXTURES.glob("strict_*")}  # broken cues, refused unless lenient


def test_supported_suffixes() -> None:
    assert SUPPORTED_SUFFIXES == (".docx", ".md", ".odt", ".srt", ".txt", ".vtt")


def test_unsupported_suffix_is_refused() -> None:
    with pytest.raises(IngestError) as error:
        parse_bytes(b"%PDF-1.7", "report.pdf", ".pdf")
    assert str(error.value) == (
        "report.pdf: unsupported format '.pdf' (supported: .docx, .md, .odt, .srt, .txt, .vtt)"
    )


def test_unsupported_file_is_refused_before_reading_it(tmp_path: Path) -> None:
    with pytest.raises(IngestError) as error:
        parse_file(tmp_path / "missing.PDF")
    assert str(error.value) == (
        f"{tmp_path / 'missing.PDF'}: unsupported format '.pdf' "
        "(supported: .docx, .md, .odt, .srt, .txt, .vtt)"
    )


def test_file_without_suffix_is_refused() -> None:
    with pytest.raises(IngestError) as error:
        parse_bytes(b"Q: hi", "README", "")
    assert str(error.value) == (
        "README: no file extension (supported: .docx, .md, .odt, .srt, .txt, .vtt)"
    )


@pytest.mark.parametrize("suffix", [".TXT", ".Txt", "txt", "TXT"])
def test_suffix_is_case_insensitive(suffix: str) -> None:
    parsed = parse_bytes(b"Q: hi", "a" + suffix, suffix)
    assert parsed.format == "txt"
    assert parsed.source == "a" + suffix


def test_parse_file_uses_the_suffix_case_insensitively(tmp_path: Path) -> None:
    target = tmp_path / "INTERVIEW.DOCX"
    shutil.copy(FIXTURES / "transcript_table.docx", target)
    parsed = parse_file(target)
    assert parsed.format == "docx"
    assert parsed.source == str(target)


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "gone.txt"
    with pytest.raises(IngestError) as error:
        parse_file(path)
    assert str(error.value) == f"{path}: cannot read the file: No such file or directory"


def test_directory_is_not_a_file(tmp_path: Path) -> None:
    path = tmp_path / "folder.txt"
    path.mkdir()
    with pytest.raises(IngestError, match="cannot read the file"):
        parse_file(path)


def test_source_is_the_name_as_given() -> None:
    parsed = parse_bytes(b"Q: hi", "../notes/int 3.txt", ".txt")
    assert parsed.source == "../notes/int 3.txt"
    with pytest.raises(IngestError) as error:
        parse_bytes(b"", "../notes/int 3.txt", ".txt")
    assert str(error.value) == "../notes/int 3.txt: no text"


@pytest.mark.parametrize(
    "name", sorted(p.name for p in FIXTURES.iterdir() if p.name not in REFUSED)
)
def test_every_good_fixture_parses_into_well_formed_turns(name: str) -> None:
    path = FIXTURES / name
    parsed = parse_file(path)
    assert parsed.source == str(path)
    assert parsed.format == path.suffix[1:]
    assert parsed.turns
    for turn in parsed.turns:
        assert turn.text and turn.text == turn.text.strip()
        assert "\r" not in turn.text and "\ufeff" not in turn.text
        assert turn.line >= 1
        assert turn.line_starts[0] == 0
        assert list(turn.line_starts) == sorted(turn.line_starts)
        assert all(start <= len(turn.text) for start in turn.line_starts)
        assert turn.speaker is None or turn.speaker.strip() == turn.speaker != ""


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_every_bad_fixture_is_refused_naming_the_file(name: str) -> None:
    path = FIXTURES / name
    with pytest.raises(IngestError) as error:
        parse_file(path)
    assert error.value.source == str(path)
    assert str(error.value).startswith(f"{path}:")


def _fixture_script() -> ModuleType:
    script = Path(__file__).parent / "fixtures" / "make_ingest_fixtures.py"
    spec = importlib.util.spec_from_file_location("make_ingest_fixtures", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _outcome(data: bytes, name: str) -> object:
    try:
        return parse_bytes(data, name, Path(name).suffix)
    except IngestError as error:
        return str(error)


def test_committed_fixtures_are_what_the_script_writes() -> None:
    expected: dict[str, bytes] = _fixture_script().fixtures()
    assert sorted(expected) == sorted(p.name for p in FIXTURES.iterdir())
    stale = "is stale: run .venv/bin/python tests/fixtures/make_ingest_fixtures.py"
    for name, data in expected.items():
        committed = (FIXTURES / name).read_bytes()
        if name.endswith((".docx", ".odt")):
            # The zip bytes depend on the python-docx/odfpy/zlib versions; what they hold
            # must not.
            assert _outcome(committed, name) == _outcome(data, name), f"{name} {stale}"
        else:
            assert committed == data, f"{name} {stale}"
