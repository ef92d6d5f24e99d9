"""`anonymise check` without its clear false positives: contractions of I, bare years, the
transcript's own number, and a place listed again as a name; real identifiers still found."""

from __future__ import annotations

from pathlib import Path

from workbench.anonymise.check import candidates
from workbench.store.project import Project
from workbench.transcripts.importer import import_transcripts

INTERVIEW = """Interview ms_07 — member state official — 2016

Interviewer: When did you start?

Respondent: I'd say in 2016. I've been here since; I’m staying and I'll stay. We met in
Lima on 12 March 2016, and later Lima herself called Kwame Mensah. Case 07 is closed.
"""


def test_the_noise_is_gone_and_the_identifiers_stay(project: Project, tmp_path: Path) -> None:
    source = tmp_path / "ms_07.txt"
    source.write_text(INTERVIEW, encoding="utf-8")
    import_transcripts(project, [source])
    found = {(c.word, c.kind) for c in candidates(project)}
    assert not {w for w, _ in found} & {"I'd", "I've", "I’m", "I'll", "2016", "07"}
    assert ("Lima", "place") in found and ("Lima", "name") not in found
    assert ("12 March 2016", "date") in found  # a year inside a full date still counts
    assert ("Kwame Mensah", "name") in found


def test_the_sample_lists_what_a_person_should_look_at(sample_db: str) -> None:
    with Project.open(sample_db) as sample:
        found = candidates(sample)
    words = {c.word for c in found}
    assert not words & {"I'd", "I've", "I'm", "I'll", "01", "02", "2015", "2016"}
    assert len(found) == 19  # 72 before contractions, years and own numbers were left out
