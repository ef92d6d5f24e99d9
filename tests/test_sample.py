"""The bundled sample study: it imports through the gate and its two coders agree, not fully."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from workbench.anonymise.check import candidates
from workbench.codebook import service
from workbench.coding.progress import statuses
from workbench.resources import data_dir
from workbench.sample.study import build_sample_project, sample_files
from workbench.store.project import Project


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return build_sample_project(str(tmp_path_factory.mktemp("sample") / "sample.db"))


def test_sample_files_are_eight_interviews_in_three_formats() -> None:
    files = sample_files()
    assert len(files) >= 8
    assert {p.suffix for p in files} >= {".txt", ".docx", ".vtt"}


def test_the_sample_imports_with_the_gate_on_and_sized_interviews(sample: Project) -> None:
    transcripts = sample.transcripts()
    assert len(transcripts) == len(sample_files())
    assert all(1_500 <= t.words <= 4_000 for t in transcripts), [t.words for t in transcripts]
    assert not sample.events("anonymise.allow_identifiers")
    groups = {t.attributes["group"] for t in transcripts}
    assert len(groups) >= 5
    assert all(2015 <= int(t.attributes["year"]) <= 2021 for t in transcripts)


def test_the_allowlist_leaves_no_capitalised_candidates(sample: Project) -> None:
    assert [c for c in candidates(sample) if c.kind == "capitalised"] == []


def test_both_coders_coded_every_transcript_with_realistic_agreement(sample: Project) -> None:
    counts = service.coding_counts(sample)
    assert {coder for per in counts.values() for coder in per} == {"anna", "ben"}
    for coder in ("anna", "ben"):
        assert set(statuses(sample, coder).values()) == {"done"}
    rows = {}
    for coder in ("anna", "ben"):
        path = data_dir("sample_transcripts") / f"codings_{coder}.csv"
        with path.open(encoding="utf-8", newline="") as handle:
            rows[coder] = list(csv.DictReader(handle))
        per_transcript = Counter(r["transcript"] for r in rows[coder])
        assert set(per_transcript) == {t.name for t in sample.transcripts()}
    exact = {(r["transcript"], r["code"], r["start"], r["end"]) for r in rows["anna"]} & {
        (r["transcript"], r["code"], r["start"], r["end"]) for r in rows["ben"]
    }
    same_code_overlap = sum(
        any(
            a["transcript"] == b["transcript"]
            and a["code"] == b["code"]
            and int(a["start"]) < int(b["end"])
            and int(b["start"]) < int(a["end"])
            for b in rows["ben"]
        )
        for a in rows["anna"]
    )
    share = same_code_overlap / len(rows["anna"])
    assert 0.5 < share < 0.95, share  # agree mostly, not perfectly
    assert len(exact) < len(rows["anna"])  # boundaries differ too


def test_sample_codings_quote_their_text(sample: Project) -> None:
    texts = {t.name: sample.transcript(t.name).text for t in sample.transcripts()}
    for coder in ("anna", "ben"):
        path = Path(data_dir("sample_transcripts")) / f"codings_{coder}.csv"
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                text = texts[row["transcript"]]
                assert text[int(row["start"]) : int(row["end"])] == row["text"]
