"""Retrieval, codebook and help screens through the pilot, checked in the store."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, OptionList, Select, Static

from tests.cli_project import make_project, run
from tests.pilot_wait import settle
from workbench.codebook import service
from workbench.store.project import Project
from workbench.tui.app import make_app
from workbench.tui.screens.agreement import AgreementScreen
from workbench.tui.screens.codebook import CodebookScreen
from workbench.tui.screens.coding import CodingScreen
from workbench.tui.screens.home import HomeScreen
from workbench.tui.screens.modals import HelpScreen
from workbench.tui.screens.reports import ReportsScreen
from workbench.tui.screens.retrieval import RetrievalScreen
from workbench.tui.widgets.codebook_tree import CodebookTree

SIZE = (140, 40)


async def test_retrieval_filters_segments_and_jumps_to_the_passage(reviewed_db: str) -> None:
    with Project.open(reviewed_db) as project:
        expected = [
            c for c in project.codings()
            if c.code == "Legitimation/Normative claims"
        ]  # fmt: skip
    app = make_app(reviewed_db, "carol")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        screen = app.screen
        assert isinstance(screen, RetrievalScreen)
        await pilot.pause()
        assert str(screen.query_one("#title", Static).content) == "Retrieval: choose a code"
        await pilot.press("down", "enter")  # Legitimation/Normative claims
        await settle(pilot)
        assert len(screen.segments) == len(expected)
        assert {s.code for s in screen.segments} == {"Legitimation/Normative claims"}
        screen.query_one("#filter", Input).value = "group=IOM official, anna"
        await pilot.pause()
        assert screen.shown and all(
            s.attributes["group"] == "IOM official" and s.coder == "anna" for s in screen.shown
        )
        target = screen.shown[0]
        screen.query_one("#segment-table", DataTable).focus()
        await pilot.press("enter")
        coding = app.screen
        assert isinstance(coding, CodingScreen)
        assert coding.transcript == target.transcript
        assert coding.view.selected_span == (target.start, target.end)


async def test_a_theme_retrieves_its_children_too(reviewed_db: str) -> None:
    app = make_app(reviewed_db, "carol")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "enter")  # Legitimation, the first theme
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RetrievalScreen)
        codes = {s.code for s in screen.segments}
        assert "Legitimation/Normative claims" in codes and "Legitimation" in codes


async def test_codebook_screen_merges_with_a_reason(sample_db: str) -> None:
    with Project.open(sample_db) as project:
        before = len([c for c in project.codings() if c.code == "Legitimation/UN system status"])
    app = make_app(sample_db, "carol")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        screen = app.screen
        assert isinstance(screen, CodebookScreen)
        tree = screen.query_one("#code-tree", CodebookTree)
        tree.cursor_line = 3  # Legitimation/UN system status
        await pilot.pause()
        assert screen.current() is not None and screen.current().path == (
            "Legitimation/UN system status"
        )
        await pilot.press("j", *"UN relationship", "enter")
        await pilot.press(*"same thing in practice", "enter")
        await pilot.pause()
    with Project.open(sample_db) as project:
        codes = {c.path: c for c in service.codes(project)}
        merged = codes["Legitimation/UN system status"]
        assert merged.status == "merged" and merged.merged_into == "UN relationship"
        moved = [c for c in project.codings() if c.code == "UN relationship"]
        assert len(moved) >= before
        (event,) = project.events("codebook.merge")
        assert (event.why, event.actor) == ("same thing in practice", "carol")


async def test_codebook_screen_shows_definitions(sample_db: str) -> None:
    app = make_app(sample_db, "carol")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        text = str(app.screen.query_one("#definition-text").content)
        assert text.startswith("Legitimation")
        assert "Include" in text and "Exclude" in text and "Example" in text
        await pilot.press("q")
        assert isinstance(app.screen, HomeScreen)


async def test_help_lists_the_keys(sample_db: str) -> None:
    app = make_app(sample_db, "carol", "iom_03")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, CodingScreen)


async def test_reports_switch_by_attribute_and_export_what_is_shown(
    reviewed_db: str, tmp_path: Path
) -> None:
    from workbench.stats.data import load_study
    from workbench.stats.export import csv_text
    from workbench.stats.frequencies import counts, wide

    app = make_app(reviewed_db, "carol")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        screen = app.screen
        assert isinstance(screen, ReportsScreen)
        await settle(pilot)
        # Coders as columns; carol has marked transcripts done but coded nothing.
        assert screen.frame is not None
        assert list(screen.frame.columns) == ["theme", "anna", "ben", "carol"]
        screen.query_one("#by", Select).value = "year"
        await pilot.pause()
        await settle(pilot)
        assert list(screen.frame.columns) == ["theme", "coder", *map(str, range(2015, 2022))]
        assert "Legitimation" in str(screen.query_one("#chart", Static).content)
        out = tmp_path / "by_year.csv"
        await pilot.press("w")
        prompt = app.screen.query_one("#answer", Input)
        prompt.value = str(out)
        await pilot.press("enter")
    with Project.open(reviewed_db) as project:
        expected = wide(counts(load_study(project), "theme", ["year"]), ["year"], "segments")
    assert out.read_text(encoding="utf-8") == csv_text(expected.drop(columns=["code"]))


async def test_reports_export_waits_for_the_table_asked_for(sample_db: str) -> None:
    from dataclasses import replace

    app = make_app(sample_db, "carol")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        screen = app.screen
        assert isinstance(screen, ReportsScreen)
        await settle(pilot)
        screen.choice = replace(screen.choice, by="year")  # asked for, not computed yet
        screen.action_export()
        await pilot.pause()
        assert app.screen is screen  # no file prompt for a table that is not the one shown


async def test_reports_show_co_occurrence(sample_db: str) -> None:
    app = make_app(sample_db, "carol")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        screen = app.screen
        assert isinstance(screen, ReportsScreen)
        screen.query_one("#view", Select).value = "co-occurrence"
        await pilot.pause()
        await settle(pilot)
        assert screen.frame is not None and screen.frame.columns[0] == "code"
        assert screen.query_one("#report-table", DataTable).row_count == 9  # themes


async def test_agreement_lists_disagreements_settles_them_and_opens_the_passage(
    reviewed_db: str,
) -> None:
    from workbench.agreement.disagreements import disagreements

    with Project.open(reviewed_db) as project:
        expected = disagreements(
            project, ["anna", "ben"], "utterance", codes=["Legitimation/Operational performance"]
        )
    app = make_app(reviewed_db, "carol")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        screen = app.screen
        assert isinstance(screen, AgreementScreen)
        await settle(pilot)
        assert screen.report is not None and screen.report.coders == ("anna", "ben")
        await pilot.press("down", "down", "enter")  # Legitimation/Operational performance
        await settle(pilot)
        assert [(d.transcript, d.start) for d in screen.found] == [
            (d.transcript, d.start) for d in expected
        ]
        first = screen.found[0]
        take = "1" if "anna" in first.coded_by else "2"  # accept the coder who coded it
        await pilot.press(take, "0")
        assert screen.settled == {0, 1}
        await pilot.press("up", "up", "enter")  # back to the first one
        coding = app.screen
        assert isinstance(coding, CodingScreen)
        assert coding.show_others and coding.view.selected_span == (first.start, first.end)
        await pilot.press("q")
        assert app.screen is screen
    with Project.open(reviewed_db) as project:
        consensus = project.codings(coders=["consensus"])
        assert [(c.transcript, c.code) for c in consensus] == [
            (first.transcript, "Legitimation/Operational performance")
        ]
        assert len(project.events("agreement.accept")) == 2


async def test_codebook_screen_moves_a_code_to_the_top_level(sample_db: str) -> None:
    app = make_app(sample_db, "carol")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        screen = app.screen
        assert isinstance(screen, CodebookScreen)
        screen.query_one("#code-tree", CodebookTree).cursor_line = 1  # Normative claims
        await pilot.pause()
        await pilot.press("p", "enter")  # the first choice: the top level
        await pilot.press(*"a theme of its own", "enter")
        await pilot.pause()
    with Project.open(sample_db) as project:
        paths = {c.path for c in service.codes(project)}
        assert "Normative claims" in paths and "Legitimation/Normative claims" not in paths
        assert project.events("codebook.move")[-1].why == "a theme of its own"


async def test_a_refusing_worker_says_why_on_the_status_line_not_a_crash(sample_db: str) -> None:
    app = make_app(sample_db, "carol")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        screen = app.screen
        assert isinstance(screen, AgreementScreen)
        await app.workers.wait_for_complete()
        screen.query_one("#coders", Input).value = "anna"
        screen.query_one("#coders", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        said = str(screen.query_one("#status", Static).content)
        assert said == "name two or more coders, e.g. anna,ben"
        assert not list(app._notifications)  # a refusal is no toast
        assert app.screen is screen and app.is_running


async def test_a_passage_opened_from_agreement_goes_back_there_not_home(reviewed_db: str) -> None:
    app = make_app(reviewed_db, "carol", "iom_03")  # started straight in a transcript
    async with app.run_test(size=SIZE) as pilot:
        first = app.screen
        await pilot.press("a")
        agreement = app.screen
        await settle(pilot)
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        await pilot.press("enter")
        assert isinstance(app.screen, CodingScreen) and app.screen is not first
        await pilot.press("q")
        assert app.screen is agreement
        await pilot.press("q")
        assert app.screen is first
        await pilot.press("q")
        assert isinstance(app.screen, HomeScreen)


async def test_a_passage_of_the_transcript_opened_with_takes_its_place(reviewed_db: str) -> None:
    app = make_app(reviewed_db, "carol", "ex_02")  # the first disagreement is in ex_02
    async with app.run_test(size=SIZE) as pilot:
        first = app.screen
        await pilot.press("a")
        agreement = app.screen
        await settle(pilot)
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        await pilot.press("enter")
        passage = app.screen
        assert isinstance(passage, CodingScreen) and passage.transcript == "ex_02"
        assert first not in app.screen_stack  # never the same transcript twice
        await pilot.press("q")
        assert app.screen is agreement
        await pilot.press("q")  # nothing below: home, as from the transcript opened with
        assert isinstance(app.screen, HomeScreen)


async def test_the_coding_screen_sees_codebook_changes_made_meanwhile(sample_db: str) -> None:
    app = make_app(sample_db, "carol", "iom_03")
    async with app.run_test(size=SIZE) as pilot:
        coding = app.screen
        assert isinstance(coding, CodingScreen)
        await pilot.press("b")
        tree = app.screen.query_one("#code-tree", CodebookTree)
        tree.cursor_line = 1  # Legitimation/Normative claims, shortcut 1
        await pilot.pause()
        await pilot.press("e", *"Norms", "enter", *"shorter", "enter")
        await pilot.pause()
        await pilot.press("q")
        assert app.screen is coding
        assert "Legitimation/Norms" in {c.path for c in coding.codes}
        coding.view.select_span(300, 320)
        await pilot.press("1")
    with Project.open(sample_db) as project:
        (mine,) = project.codings(coders=["carol"])
        assert (mine.code, mine.start, mine.end) == ("Legitimation/Norms", 300, 320)


async def test_a_coder_named_at_the_prompt_is_the_audit_log_actor(sample_db: str) -> None:
    app = make_app(sample_db, None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"carol", "enter", "y")  # a new coder: added when confirmed
        await pilot.pause()
        await pilot.press("b")
        tree = app.screen.query_one("#code-tree", CodebookTree)
        tree.cursor_line = 1
        await pilot.pause()
        await pilot.press("e", *"Norms", "enter", *"shorter", "enter")
        await pilot.pause()
    with Project.open(sample_db) as project:
        assert project.events("codebook.rename")[-1].actor == "carol"


@pytest.mark.parametrize("given", [" anna  ", None])  # by --coder, or typed at the prompt
async def test_a_coder_named_with_spaces_is_that_coder(sample_db: str, given: str | None) -> None:
    app = make_app(sample_db, given)
    async with app.run_test(size=SIZE) as pilot:
        if given is None:
            await pilot.press("space", *"anna", "space", "space", "enter")
        await pilot.pause()
        assert app.desk is not None and app.desk.coder == "anna"
        await pilot.press("b")
        tree = app.screen.query_one("#code-tree", CodebookTree)
        tree.cursor_line = 1
        await pilot.pause()
        await pilot.press("e", *"Norms", "enter", *"shorter", "enter")
        await pilot.pause()
    with Project.open(sample_db) as project:
        assert project.coders() == ["anna", "ben"]
        assert project.events("codebook.rename")[-1].actor == "anna"


async def test_agreement_shows_what_changed_in_a_passage_opened_from_it(sample_db: str) -> None:
    from workbench.coding.actions import CoderActions

    code = "Legitimation/Operational performance"
    app = make_app(sample_db, "anna")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        screen = app.screen
        assert isinstance(screen, AgreementScreen)
        await settle(pilot)
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        index, first = next((i, d) for i, d in enumerate(screen.found) if d.coded_by == ("anna",))
        screen.query_one("#disagreements", OptionList).highlighted = index
        await pilot.press("enter")  # the passage; anna takes her coding back there
        assert isinstance(app.screen, CodingScreen)
        anna = CoderActions(screen.project, "anna")
        for coding in anna.codings(first.transcript):
            if coding.code == code and coding.start < first.end and first.start < coding.end:
                anna.remove(coding.id)
        await pilot.press("q")
        assert app.screen is screen
        await settle(pilot)
        assert (first.transcript, first.start) not in [
            (d.transcript, d.start) for d in screen.found
        ]


async def test_reports_show_codings_made_on_a_screen_above_them(reviewed_db: str) -> None:
    app = make_app(reviewed_db, "carol")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        reports = app.screen
        assert isinstance(reports, ReportsScreen)
        await settle(pilot)
        assert reports.frame is not None and "consensus" not in reports.frame.columns
        await pilot.press("a")  # agreement over the reports: settle one disagreement
        await settle(pilot)
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        await pilot.press("3")
        await pilot.press("q")
        assert app.screen is reports
        await settle(pilot)
        assert "consensus" in reports.frame.columns


async def test_agreement_with_three_coders_names_them_all_and_settles_only_pairs(
    reviewed_db: str,
) -> None:
    from workbench.coding.actions import CoderActions

    with Project.open(reviewed_db) as project:
        CoderActions(project, "dave").apply("iom_03", "Legitimation", 100, 200)
    app = make_app(reviewed_db, "carol")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        screen = app.screen
        assert isinstance(screen, AgreementScreen)
        screen.query_one("#coders", Input).value = "anna,ben,dave"
        screen.query_one("#coders", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert "anna, ben, dave" in str(screen.query_one("#title", Static).content)
        screen.query_one("#agreement-table", DataTable).focus()
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("1")
    with Project.open(reviewed_db) as project:
        assert "consensus" not in project.coders()  # 1 did not settle a three-coder row


async def test_settled_disagreements_stay_marked_when_listed_again(reviewed_db: str) -> None:
    app = make_app(reviewed_db, "carol")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        screen = app.screen
        assert isinstance(screen, AgreementScreen)
        await settle(pilot)
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        await pilot.press("1", "0")  # accept A on the first, neither on the second
        assert screen.settled == {0, 1}
        assert screen.current_code is not None
        screen.show_disagreements(screen.current_code)  # as after coming back to the screen
        await settle(pilot)
        assert screen.settled == {0, 1}  # from the audit log: 'neither' counts too


async def test_counts_of_one_are_singular(tmp_path: Path) -> None:
    location = make_project(tmp_path)
    assert run("transcripts", "remove", "-p", location, "t2", "--why", "one is enough")[0] == 0
    app = make_app(location, "anna")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        summary = str(app.screen.query_one("#summary", Static).content)
        assert "\n1 transcript\n" in summary, summary
