"""Blind coding without the TUI: what a coder who has not finished a transcript may see."""

from __future__ import annotations

import pytest

from workbench.agreement.disagreements import disagreements
from workbench.agreement.report import agreement_report
from workbench.coding.actions import CoderActions
from workbench.coding.status import set_status, set_statuses
from workbench.coding.visibility import TEAM, visibility
from workbench.errors import WorkbenchError
from workbench.stats.data import load_study
from workbench.stats.segments import segments
from workbench.store.project import Project

CODE = "Legitimation/Normative claims"


def test_a_coder_sees_others_only_where_they_marked_done(sample_db: str) -> None:
    with Project.open(sample_db) as project:
        set_status(project, "hr_05", "carol", "done")
        seen = visibility(project, "carol")
        names = {t.name for t in project.transcripts()}
        assert seen.hidden == names - {"hr_05"}
        assert seen.may_see("hr_05", "anna") and seen.may_see("ex_02", "carol")
        assert not seen.may_see("ex_02", "anna")
        assert seen.visible_transcripts(["ex_02", "hr_05"]) == ["hr_05"]
        assert seen.note() == "only your codings of the 7 transcripts you have not marked done"
        assert TEAM.note() == ""


def test_no_coder_name_is_the_team_which_sees_everything(sample_db: str) -> None:
    with Project.open(sample_db) as project:
        assert visibility(project, None) == TEAM and not TEAM.hidden
        assert TEAM.may_see("ex_02", "anna")
        everything = load_study(project)
        assert len(load_study(project, visibility=TEAM).codings) == len(everything.codings) > 0


def test_statistics_and_segments_keep_others_codings_of_unfinished_transcripts_out(
    sample_db: str,
) -> None:
    with Project.open(sample_db) as project:
        CoderActions(project, "carol").apply("ex_02", CODE, 100, 200)
        set_status(project, "hr_05", "carol", "done")
        seen = visibility(project, "carol")
        data = load_study(project, visibility=seen)
        shown = {
            (data.transcripts.at[t, "name"], data.coders[c])
            for t, c in data.codings[["transcript_id", "coder_id"]].itertuples(index=False)
        }
        assert ("ex_02", "carol") in shown and ("hr_05", "anna") in shown
        assert all(seen.may_see(t, c) for t, c in shown)
        assert list(data.codings.index) == list(range(len(data.codings)))
        frame = segments(data, CODE)
        pairs = set(zip(frame["transcript"], frame["coder"], strict=True))
        assert ("ex_02", "carol") in pairs and not any(
            t != "hr_05" and c != "carol" for t, c in pairs
        )
        team = segments(load_study(project), CODE)
        assert ("ex_02", "anna") in set(zip(team["transcript"], team["coder"], strict=True))


def test_agreement_leaves_out_transcripts_the_viewer_has_not_finished(sample_db: str) -> None:
    with Project.open(sample_db) as project:
        names = [t.name for t in project.transcripts()]
        set_statuses(project, [n for n in names if n != "hr_05"], "carol", "done")
        seen = visibility(project, "carol")  # carol reviews anna and ben; hr_05 is not done
        report = agreement_report(project, ["anna", "ben"], visibility=seen)
        assert report.transcripts == tuple(n for n in names if n != "hr_05")
        assert report.transcript_rule.endswith("; 1 hidden: blind coding")
        assert "hr_05" in agreement_report(project, ["anna", "ben"]).transcripts
        found = disagreements(project, ["anna", "ben"], visibility=seen)
        assert found and all(d.transcript != "hr_05" for d in found)
        assert any(d.transcript == "hr_05" for d in disagreements(project, ["anna", "ben"]))
        chosen = agreement_report(
            project, ["anna", "ben"], transcripts=["hr_05", "ex_02"], visibility=seen
        )
        assert chosen.transcripts == ("ex_02",)  # named or not, hr_05 stays hidden


def test_agreement_with_everything_hidden_says_why(sample_db: str) -> None:
    with Project.open(sample_db) as project:
        set_statuses(project, [t.name for t in project.transcripts()], "anna", "in_progress")
        with pytest.raises(WorkbenchError, match=r"blind coding: mark a transcript done"):
            agreement_report(project, ["anna", "ben"], visibility=visibility(project, "anna"))
