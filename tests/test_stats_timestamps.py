"""Quotes from a transcript with timestamps (subtitles) say when in the recording they are."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from click.testing import CliRunner

from workbench.cli import main
from workbench.ingest.layout import timestamp
from workbench.store.project import Project


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def utterance_times(location: Path, transcript: str) -> dict[int, str]:
    """Each utterance's start offset -> its timestamp, as the importer read it."""
    with Project.open(str(location)) as project:
        doc = project.transcript(transcript)
    return {
        u.start: timestamp(u.start_seconds) for u in doc.utterances if u.start_seconds is not None
    }


def test_segments_carry_the_utterance_timestamp(built_sample: Path) -> None:
    times = utterance_times(built_sample, "hr_05")
    starts = sorted(times)
    out = run("segments", "-p", str(built_sample), "--code", "Legitimation", "--csv", "-")
    rows = list(csv.DictReader(io.StringIO(out)))
    subtitled = [row for row in rows if row["transcript"] == "hr_05"]
    assert subtitled and all(row["time"] for row in subtitled)
    for row in subtitled:
        turn = max(start for start in starts if start <= int(row["start"]))
        assert row["time"] == times[turn]
    assert all(row["time"] == "" for row in rows if row["transcript"] == "ms_01")
    markdown = run("segments", "-p", str(built_sample), "--code", "Legitimation")
    first = subtitled[0]
    assert f"**hr_05** [{first['start']}, {first['end']}) at {first['time']}, " in markdown


def test_the_report_quotes_carry_the_timestamp(built_sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    CliRunner().invoke(main, ["report", "-p", str(built_sample), "--out", str(out)])
    page = out.read_text(encoding="utf-8")
    times = set(utterance_times(built_sample, "hr_05").values())
    quoted = [time for time in times if f"hr_05 at {time}, " in page]
    assert quoted
