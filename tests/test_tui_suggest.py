"""`s` on the coding screen: suggestions learned in a worker, accepted and dismissed."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from tests.pilot_wait import settle, until
from workbench.assist.suggest import SUGGESTED
from workbench.store.project import Project
from workbench.tui.app import WorkbenchApp, make_app
from workbench.tui.screens.coding import CodingScreen
from workbench.tui.screens.coding_suggest import SuggestionsDialog

SIZE = (140, 40)
TRANSCRIPT = "ms_01"
CODER = "anna"


def uncoded_answer(location: str) -> tuple[int, int]:
    """A respondent's utterance of the transcript that anna has not coded: [start, end)."""
    with Project.open(location) as project:
        doc = project.transcript(TRANSCRIPT)
        codings = project.codings(coders=[CODER], transcripts=[TRANSCRIPT])
    for u in doc.utterances:
        if u.end - u.start > 80 and not [c for c in codings if c.start < u.end and u.start < c.end]:
            return u.start, u.end
    raise AssertionError("anna coded every utterance")


async def open_suggestions(app: WorkbenchApp, pilot: Pilot[None], offset: int) -> list[str]:
    """Press s at `offset`, wait for the learning worker, and read the dialog's lines."""
    screen = app.screen
    assert isinstance(screen, CodingScreen)
    screen.min_confidence = 0.0  # the sample study's codes are learned from few examples
    screen.view.select_span(offset, offset)
    await pilot.press("s")
    await settle(pilot)
    await until(pilot, lambda: isinstance(app.screen, SuggestionsDialog))
    assert isinstance(app.screen, SuggestionsDialog), app.screen
    options = app.screen.query_one("#suggestions", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_accepting_a_suggestion_codes_the_utterance_and_undo_takes_it_back(
    sample_db: str, burst: Callable[..., Awaitable[None]]
) -> None:
    start, end = uncoded_answer(sample_db)
    app = make_app(sample_db, CODER, TRANSCRIPT)
    async with app.run_test(size=SIZE) as pilot:
        lines = await open_suggestions(app, pilot, start + 1)
        code = lines[0].split("  ")[0]
        assert " P " in lines[0] or "still computing" in lines[0]  # the code's figures
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, CodingScreen)
        status = str(screen.query_one("#status", Static).content)
        assert status == f"coded {code} [{start}, {end}) as suggested"
        with Project.open(sample_db) as project:
            made = project.codings(coders=[CODER], transcripts=[TRANSCRIPT])
            assert [(c.code, c.start, c.end) for c in made if c.start == start] == [
                (code, start, end)
            ]
            assert [e.target for e in project.events(SUGGESTED)] == [
                f"{TRANSCRIPT} [{start}, {end})"
            ]
        await burst(pilot, "ctrl+z")  # an ordinary coding: undo takes it back
        with Project.open(sample_db) as project:
            made = project.codings(coders=[CODER], transcripts=[TRANSCRIPT])
            assert not [c for c in made if c.start == start]


async def test_a_dismissed_suggestion_is_not_offered_again(sample_db: str) -> None:
    start, end = uncoded_answer(sample_db)
    app = make_app(sample_db, CODER, TRANSCRIPT)
    async with app.run_test(size=SIZE) as pilot:
        lines = await open_suggestions(app, pilot, start + 1)
        code = lines[0].split("  ")[0]
        await pilot.press("x")
        screen = app.screen
        assert isinstance(screen, CodingScreen)
        status = str(screen.query_one("#status", Static).content)
        assert status == f"dismissed {code} [{start}, {end}): not suggested again"
        with Project.open(sample_db) as project:
            assert project.row_counts()["suggestion_dismissal"] == 1
            made = project.codings(coders=[CODER], transcripts=[TRANSCRIPT])
            assert not [c for c in made if c.start == start]  # nothing coded
        again = await open_suggestions(app, pilot, start + 1)
        assert code not in [line.split("  ")[0] for line in again]
        await pilot.press("escape")
        assert isinstance(app.screen, CodingScreen)


async def test_keys_typed_while_it_learns_act_at_once(
    sample_db: str, burst: Callable[..., Awaitable[None]]
) -> None:
    """s starts learning in a worker; a selection and a code's key typed right after it in
    one burst are handled without waiting for it, and the suggestions show afterwards."""
    start, end = uncoded_answer(sample_db)
    app = make_app(sample_db, CODER, TRANSCRIPT)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, CodingScreen)
        screen.min_confidence = 0.0
        screen.view.select_span(start + 1, start + 1)
        await burst(pilot, "s", "u", "F")  # F: Projectised funding's key
        with Project.open(sample_db) as project:
            made = project.codings(coders=[CODER], transcripts=[TRANSCRIPT])
            assert [(c.code, c.start, c.end) for c in made if c.start == start] == [
                ("Projectised funding", start, end)
            ]
        await settle(pilot)
        await until(pilot, lambda: isinstance(app.screen, SuggestionsDialog))
        assert isinstance(app.screen, SuggestionsDialog)  # what s asked for, once learned
        lines = [
            str(app.screen.query_one("#suggestions", OptionList).get_option_at_index(i).prompt)
            for i in range(app.screen.query_one("#suggestions", OptionList).option_count)
        ]
        assert "Projectised funding" not in [line.split("  ")[0] for line in lines]


def status_of(app: WorkbenchApp) -> str:
    screen = app.screen_stack[1] if isinstance(app.screen, SuggestionsDialog) else app.screen
    return str(screen.query_one("#status", Static).content)


async def test_a_coder_with_few_codings_is_told_there_are_not_enough_examples(
    sample_db: str, burst: Callable[..., Awaitable[None]]
) -> None:
    start, _ = uncoded_answer(sample_db)
    app = make_app(sample_db, "demo", TRANSCRIPT)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, CodingScreen)
        screen.view.select_span(start + 1, start + 1)
        await burst(pilot, "u", "F", "s")  # one coding: no code has 8 examples
        await settle(pilot)
        assert status_of(app).startswith("no suggestion: not enough examples yet: a code needs 8")


async def test_the_cli_s_floor_applies_and_the_reason_says_so(sample_db: str) -> None:
    """At the default floor (the CLI's) the sample's weak codes offer nothing here, and the
    status line says that, not that the cursor is off an utterance."""
    start, _ = uncoded_answer(sample_db)
    app = make_app(sample_db, CODER, TRANSCRIPT)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, CodingScreen)
        screen.view.select_span(start + 1, start + 1)
        await pilot.press("s")
        await settle(pilot)
        assert not isinstance(app.screen, SuggestionsDialog)
        assert status_of(app).startswith("no suggestion: no code reaches confidence 0.50 here")


async def test_the_status_and_the_figures_update_when_learning_finishes(sample_db: str) -> None:
    start, _ = uncoded_answer(sample_db)
    app = make_app(sample_db, CODER, TRANSCRIPT)
    async with app.run_test(size=SIZE) as pilot:
        await open_suggestions(app, pilot, start + 1)
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, SuggestionsDialog)
        assert "learning" not in status_of(app)
        options = dialog.query_one("#suggestions", OptionList)
        lines = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert lines and all(" P " in line for line in lines), lines
