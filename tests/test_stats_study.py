"""The statistics tests' small study (tests/fixtures/stats/), built on SQLite and PostgreSQL.

Five interviews, two coders, sixteen codings chosen so that every number can be counted by
hand: overlapping spans of one code, two codes of one theme on the same span, a span that
starts inside a word, one that crosses a turn, a retired code and a merged one. The other
`test_stats_*` modules import `open_study` from here.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import _postgres_location

from workbench.codebook import service
from workbench.codebook.files import load_codebook
from workbench.exchange.codings_csv import import_codings
from workbench.store.project import Project
from workbench.transcripts.importer import import_transcripts

STATS = Path(__file__).parent / "fixtures" / "stats"
BACKENDS = ["sqlite", "postgresql"]


def build_study(location: str) -> Project:
    project = Project.init(location, actor="tester")
    try:
        service.load(project, load_codebook(STATS / "codebook.yaml"), "codebook.yaml")
        files = sorted(STATS.glob("*.txt"))
        import_transcripts(project, files, attributes=STATS / "attributes.csv")
        import_codings(project, STATS / "codings.csv")
        service.retire(project, "Old", why="folded into the tests' history")
        service.merge(project, "Dup", "Funding", why="a duplicate of Funding")
    except BaseException:
        project.close()
        raise
    return project


def open_study(backend: str, factory: pytest.TempPathFactory) -> Iterator[Project]:
    """The study on a SQLite file or in a fresh PostgreSQL schema (dropped afterwards)."""
    if backend == "sqlite":
        with build_study(str(factory.mktemp("stats") / "study.db")) as project:
            yield project
        return
    for location in _postgres_location():
        with build_study(location) as project:
            yield project


@pytest.fixture(scope="module")
def study(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    yield from open_study("sqlite", tmp_path_factory)


def test_the_study_has_what_the_hand_counts_assume(study: Project) -> None:
    assert [t.name for t in study.transcripts()] == ["iom_01", "iom_03", "iom_13", "ms_04", "un_02"]
    codings = study.codings()
    assert len(codings) == 16
    assert {c.code for c in codings} == {
        "Legitimation",
        "Legitimation/Normative",
        "Legitimation/Performance",
        "Protection",
        "Protection/UNHCR",
        "Funding",
        "Old",
    }
    statuses = {code.path: code.status for code in service.codes(study)}
    assert statuses["Old"] == "retired"
    assert statuses["Dup"] == "merged"
    ben_funding = [(c.transcript, c.start, c.end) for c in codings if c.code == "Funding"]
    assert ("iom_01", 145, 164) in ben_funding  # Dup's coding, moved by the merge
