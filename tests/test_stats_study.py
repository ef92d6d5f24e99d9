"""The statistics tests' small study (tests/fixtures/stats/), built on SQLite and PostgreSQL.

Five interviews, two coders, sixteen codings chosen so that every number can be counted by
hand: `build_stats_study` in conftest.py builds it, and its `stats_study` fixtures serve it to
every `test_stats_*` module.
"""

from __future__ import annotations

from workbench.codebook import service
from workbench.store.project import Project


def test_the_study_has_what_the_hand_counts_assume(stats_study: Project) -> None:
    assert [t.name for t in stats_study.transcripts()] == [
        "iom_01",
        "iom_03",
        "iom_13",
        "ms_04",
        "un_02",
    ]
    codings = stats_study.codings()
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
    statuses = {code.path: code.status for code in service.codes(stats_study)}
    assert statuses["Old"] == "retired"
    assert statuses["Dup"] == "merged"
    ben_funding = [(c.transcript, c.start, c.end) for c in codings if c.code == "Funding"]
    assert ("iom_01", 145, 164) in ben_funding  # Dup's coding, moved by the merge
