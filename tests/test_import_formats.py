"""Every fixture format through the whole import path, and every refused file leaving no trace."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from click.testing import CliRunner

from workbench.cli import main
from workbench.ingest import parse_file
from workbench.ingest.layout import lay_out
from workbench.store.project import Project
from workbench.transcripts.importer import import_transcripts

INGEST = Path(__file__).parent / "fixtures" / "ingest"
GOOD = [
    "speakers_header_table.docx",
    "transcript_table.docx",
    "transcript_table_timed.docx",
    "interview.odt",
    "zoom.vtt",
    "teams.vtt",
    "interview.srt",
    "otter.txt",
    "human_service.txt",
    "timestamped.txt",
    "interview.md",
    "cp1252.txt",
    "utf8_bom_crlf.txt",
    "utf16le_bom.txt",
]
REFUSED = {
    "tracked_changes.docx": "tracked changes",
    "comment.docx": "comments",
    "tracked_changes.odt": "tracked changes",
    "annotation.odt": "annotation",
    "binary.txt": "binary file",
    "undecodable.txt": "",
    "malformed.vtt": "",
    "malformed.srt": "",
    "broken_cue.vtt": "inside a cue's text",
    "empty_cue.srt": "cue without text",
    "broken_cue.srt": "inside a cue's text",
}


def test_every_format_imports_with_offsets_that_index_each_turn(project: Project) -> None:
    files = [INGEST / name for name in GOOD]
    for path in files:  # one at a time: interview.odt, .srt and .md share a stem
        assert import_transcripts(project, [path], name=path.name).transcripts == 1
    assert len(project.transcripts()) == len(GOOD)
    for path in files:
        doc = project.transcript(path.name)
        parsed = parse_file(path)
        turns = parsed.turns
        assert [doc.text[u.start : u.end] for u in doc.utterances] == [t.text for t in turns]
        assert [u.speaker for u in doc.utterances] == [t.speaker for t in turns]
        assert [u.start_seconds for u in doc.utterances] == [t.start_seconds for t in turns]
        assert (doc.text, list(doc.utterances)) == lay_out(parsed)
        # Plain text is kept as written; other formats are laid out.
        assert (doc.text == parsed.text) == (path.suffix in (".txt", ".md"))
        assert "\r" not in doc.text and "\ufeff" not in doc.text


def test_zoom_and_teams_cues_of_one_speaker_become_one_utterance(project: Project) -> None:
    import_transcripts(project, [INGEST / "zoom.vtt", INGEST / "teams.vtt"])
    for name in ("zoom", "teams"):
        speakers = [u.speaker for u in project.transcript(name).utterances]
        assert all(a != b for a, b in pairwise(speakers)), speakers


def test_cp1252_is_decoded_and_the_user_warned(project: Project) -> None:
    summary = import_transcripts(project, [INGEST / "cp1252.txt"])
    assert any("cp1252" in warning for warning in summary.warnings)
    assert "é" in project.transcript("cp1252").text


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_refused_file_is_one_line_exit_2_and_nothing_is_imported(
    tmp_path: Path, name: str
) -> None:
    db = str(tmp_path / "p.db")
    Project.init(db).close()
    with Project.open(db) as project:
        before = project.row_counts()
    result = CliRunner().invoke(
        main, ["import", "-p", db, str(INGEST / "otter.txt"), str(INGEST / name)]
    )
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"error: {INGEST / name}")
    assert REFUSED[name] in line
    with Project.open(db) as project:
        assert project.row_counts() == before
