"""The codebook in the TUI: the code form, titled pickers, the kept highlight, why prompts and
in-vivo coding from the code picker, driven through the pilot and checked in the store."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual.pilot import Pilot
from textual.widgets import Input, Label, OptionList, Static, TextArea

from workbench.codebook import service
from workbench.codebook.checks import CODE_NAME_MAX, name_from_passage
from workbench.domain import CodeInfo
from workbench.store.project import Project
from workbench.tui.app import WorkbenchApp, make_app
from workbench.tui.screens.code_form import CodeForm
from workbench.tui.screens.codebook import CodebookScreen
from workbench.tui.screens.coding import CodingScreen
from workbench.tui.screens.modals import CodePicker, Prompt
from workbench.tui.widgets.codebook_tree import CodebookTree

SIZE = (140, 40)


def codes(location: str) -> dict[str, CodeInfo]:
    with Project.open(location) as project:
        return {c.path: c for c in service.codes(project)}


async def codebook_at(app: WorkbenchApp, pilot: Pilot[None], path: str) -> CodebookScreen:
    """Open the codebook screen with `path` highlighted."""
    await pilot.press("b")
    screen = app.screen
    assert isinstance(screen, CodebookScreen)
    tree = screen.query_one("#code-tree", CodebookTree)
    tree.cursor_line = [c.path for c in screen.codes].index(path)
    await pilot.pause()
    assert screen.current() is not None and screen.current().path == path  # type: ignore[union-attr]
    return screen


def highlighted(screen: CodebookScreen) -> str | None:
    code = screen.current()
    return code.path if code is not None else None


def picker_paths(app: WorkbenchApp) -> list[str]:
    assert isinstance(app.screen, CodePicker)
    return [picked.path for picked in app.screen.shown]


def form_error(app: WorkbenchApp) -> str:
    assert isinstance(app.screen, CodeForm)
    return str(app.screen.query_one("#form-error", Static).content)


async def test_a_top_level_code_gets_its_key_colour_and_definition(sample_db: str) -> None:
    app = make_app(sample_db, "carol")
    async with app.run_test(size=SIZE) as pilot:
        screen = await codebook_at(app, pilot, "Legitimation/Normative claims")
        await pilot.press("plus")
        assert app.screen.query_one("#parent", Input).value == "Legitimation/Normative claims"
        await pilot.press(*"Money talk", "tab", "backspace")  # no parent: the top level
        await pilot.press("tab", "K", "tab", *"#123abc", "tab", *"Talk of cash.")
        await pilot.press("tab", *"needed for the new wave", "enter")
        assert app.screen is screen
        assert highlighted(screen) == "Money talk"
    added = codes(sample_db)["Money talk"]
    assert (added.parent_path, added.key, added.colour, added.description) == (
        None, "K", "#123abc", "Talk of cash."
    )  # fmt: skip
    with Project.open(sample_db) as project:
        (event,) = project.events("codebook.create")
        assert (event.target, event.why, event.actor) == (
            "Money talk",
            "needed for the new wave",
            "carol",
        )


async def test_the_form_says_what_is_missing_or_refused_and_stays_open(sample_db: str) -> None:
    app = make_app(sample_db, "carol")
    async with app.run_test(size=SIZE) as pilot:
        await codebook_at(app, pilot, "Projectised funding")
        await pilot.press("plus", "enter")
        assert form_error(app) == "the name is missing"
        await pilot.press(*"Donors", "tab", "tab", "1", "enter")
        assert "say why" in form_error(app)
        await pilot.press(*"asked for", "enter")  # typed into the why field it moved to
        assert form_error(app).startswith("key '1' is taken by 'Legitimation/Normative claims'")
        assert app.screen.focused is app.screen.query_one("#key", Input)  # the field to fix
        await pilot.press("x", "enter")  # typed over the refused key
        assert form_error(app).startswith("key 'x' is a coding-screen command; free: 0 ")
        assert app.screen.focused is app.screen.query_one("#key", Input)
        await pilot.press("K", "enter")
        assert not isinstance(app.screen, CodeForm)
    assert codes(sample_db)["Projectised funding/Donors"].key == "K"


async def test_editing_a_code_sets_its_key_colour_and_definition(sample_db: str) -> None:
    app = make_app(sample_db, "carol")
    async with app.run_test(size=SIZE) as pilot:
        screen = await codebook_at(app, pilot, "UN relationship/2016 agreement")
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, CodeForm)
        assert form.query_one("#key", Input).value == "Y"
        await pilot.press(*"Related-organisation deal", "tab", "backspace", "W")
        await pilot.press("tab", *"#abcdef", "tab")
        form.query_one("#description", TextArea).text = ""
        await pilot.press(*"The 2016 deal.")
        await pilot.press("tab", *"clearer", "enter")
        assert app.screen is screen
        assert highlighted(screen) == "UN relationship/Related-organisation deal"
    changed = codes(sample_db)["UN relationship/Related-organisation deal"]
    assert (changed.key, changed.colour, changed.description) == ("W", "#abcdef", "The 2016 deal.")


async def test_merge_and_move_pickers_say_what_they_do_and_offer_only_possible_targets(
    sample_db: str,
) -> None:
    with Project.open(sample_db) as project:
        service.retire(project, "Accountability/External scrutiny", why="unused")
    app = make_app(sample_db, "carol")
    async with app.run_test(size=SIZE) as pilot:
        await codebook_at(app, pilot, "Legitimation")
        await pilot.press("p")
        title = str(app.screen.query_one("#picker-title", Label).content)
        assert title.startswith("Move Legitimation under…")
        offered = picker_paths(app)
        assert "" not in offered and "Accountability" in offered  # it is at the top level
        assert not {p for p in offered if p.startswith("Legitimation")}  # itself and below
        assert "Accountability/External scrutiny" not in offered  # retired
        await pilot.press("escape", "q")
        await codebook_at(app, pilot, "Legitimation/UN system status")
        await pilot.press("j")
        title = str(app.screen.query_one("#picker-title", Label).content)
        assert title.startswith("Merge Legitimation/UN system status into…")
        offered = picker_paths(app)
        assert "Legitimation/UN system status" not in offered and "Legitimation" in offered
        assert "Accountability/External scrutiny" not in offered
        await pilot.press("escape", "p")
        offered = picker_paths(app)
        assert "Legitimation" not in offered and "" in offered  # its own parent is no move


async def test_the_highlight_stays_on_the_code_just_changed(sample_db: str) -> None:
    app = make_app(sample_db, "carol")
    async with app.run_test(size=SIZE) as pilot:
        screen = await codebook_at(app, pilot, "Protection DNA/Comparison with UNHCR")
        await pilot.press("p", *"Accountab", "enter", *"fits there", "enter")
        await pilot.pause()
        assert highlighted(screen) == "Accountability/Comparison with UNHCR"
        await pilot.press("x", *"unused", "enter")
        await pilot.pause()
        assert highlighted(screen) == "Accountability/Comparison with UNHCR"
        assert codes(sample_db)["Accountability/Comparison with UNHCR"].status == "retired"


async def test_why_prompts_wrap_long_paths_and_say_what_is_missing(sample_db: str) -> None:
    with Project.open(sample_db) as project:
        long_name = "A code with a long name that a coder wrote from an interview"
        service.create(project, f"Multi-mandate tension/{long_name}", why="test")
    path = f"Multi-mandate tension/{long_name}"
    app = make_app(sample_db, "carol")
    async with app.run_test(size=(80, 24)) as pilot:
        await codebook_at(app, pilot, path)
        await pilot.press("x")
        prompt = app.screen
        assert isinstance(prompt, Prompt)
        question = prompt.query_one(Label)
        assert path in str(question.content)
        assert question.size.height >= 2  # wrapped, not cut off at the dialog's edge
        assert question.region.right <= prompt.query_one("#answer", Input).region.right
        await pilot.press("enter")
        assert app.screen is prompt
        assert "say why" in str(prompt.query_one("#prompt-error", Static).content)
        await pilot.press(*"never used", "enter")
    assert codes(sample_db)[path].status == "retired"


def test_an_in_vivo_name_is_the_passage_on_one_line_within_the_length_limit() -> None:
    assert (
        name_from_passage("  we are a\n  travel agency/broker \n")
        == "we are a travel agency broker"
    )
    assert len(name_from_passage("word " * 100)) == CODE_NAME_MAX - 1  # cut, then trimmed
    assert name_from_passage(" \n ") == ""


async def in_transcript(app: WorkbenchApp, start: int, end: int) -> CodingScreen:
    screen = app.screen
    assert isinstance(screen, CodingScreen)
    screen.view.select_span(start, end)
    return screen


def mine(location: str) -> list[tuple[str, int, int]]:
    with Project.open(location) as project:
        return [(c.code, c.start, c.end) for c in project.codings(coders=["carol"])]


def a_passage(location: str, length: int = 40) -> tuple[int, int, str]:
    """A passage of the first respondent utterance of iom_03 that starts and ends on a word."""
    with Project.open(location) as project:
        doc = project.transcript("iom_03")
    answer = next(u for u in doc.utterances if u.speaker == "Respondent")
    end = doc.text.rfind(" ", answer.start, answer.start + length)
    return answer.start, end, doc.text[answer.start : end]


async def test_the_picker_offers_the_selection_as_a_new_code_and_asks_where(
    sample_db: str,
) -> None:
    start, end, passage = a_passage(sample_db)
    app = make_app(sample_db, "carol", "iom_03")
    async with app.run_test(size=SIZE) as pilot:
        await in_transcript(app, start, end)
        await pilot.press("c")
        assert app.screen.query_one("#query", Input).value == ""  # every code is listed
        assert len(picker_paths(app)) == len([c for c in codes(sample_db).values()]) + 1
        options = app.screen.query_one("#matches", OptionList)
        last = str(options.get_option_at_index(options.option_count - 1).prompt)
        assert f"new code “{passage.strip()}”" in last
        options.highlighted = options.option_count - 1
        await pilot.press("enter")
        title = str(app.screen.query_one("#picker-title", Label).content)
        assert title.startswith(f"Put the new code “{passage.strip()}” under…")
        await pilot.press(*"Protection DNA", "enter")
    assert mine(sample_db) == [(f"Protection DNA/{passage.strip()}", start, end)]
    with Project.open(sample_db) as project:
        assert project.events("codebook.create")[-1].actor == "carol"


async def test_an_in_vivo_code_goes_to_the_top_level_by_default(sample_db: str) -> None:
    app = make_app(sample_db, "carol", "iom_03")
    async with app.run_test(size=SIZE) as pilot:
        screen = await in_transcript(app, 100, 120)
        screen.query_one("#codebook", CodebookTree).cursor_line = 2  # not where it goes
        await pilot.press("c", *"zzqx", "enter", "enter")
    assert mine(sample_db) == [("zzqx", 100, 120)]


async def test_a_burst_into_the_picker_replaces_the_offered_name_and_applies(
    sample_db: str,
) -> None:
    start, end, _ = a_passage(sample_db)
    app = make_app(sample_db, "carol", "iom_03")
    async with app.run_test(size=SIZE) as pilot:
        await in_transcript(app, start, end)
        await pilot.press("c", "p", "r", "o", "j", "f", "enter")
    assert mine(sample_db) == [("Projectised funding", start, end)]


async def test_the_picker_shows_the_highlighted_codes_definition(sample_db: str) -> None:
    definitions = {path: code.description for path, code in codes(sample_db).items()}
    app = make_app(sample_db, "carol", "iom_03")
    async with app.run_test(size=SIZE) as pilot:
        await in_transcript(app, 100, 120)
        await pilot.press("c", *"UN relationship")
        shown = app.screen.query_one("#picker-definition", Static)
        assert str(shown.content) == definitions["UN relationship"]
        await pilot.press("down")
        assert str(shown.content) == definitions["UN relationship/2016 agreement"]


async def test_without_a_selection_the_picker_says_why_it_makes_no_new_code(
    sample_db: str,
) -> None:
    app = make_app(sample_db, "carol", "iom_03")
    async with app.run_test(size=SIZE) as pilot:
        await in_transcript(app, 40, 40)
        await pilot.press("c", *"brandnew", "enter")
        assert isinstance(app.screen, CodePicker)
        hint = str(app.screen.query_one("#picker-definition", Static).content)
        assert hint == "select text first: shift+arrows, drag, v or u"
    with Project.open(sample_db) as project:
        assert not project.events("codebook.create")


async def test_a_lower_case_key_given_in_the_form_codes_on_the_coding_screen(
    sample_db: str,
) -> None:
    """One rule for code keys: the form takes a lower-case letter that is no command, the
    coding screen applies it, and `?` there lists it."""
    app = make_app(sample_db, "carol", "iom_03")
    async with app.run_test(size=SIZE) as pilot:
        await codebook_at(app, pilot, "Projectised funding")
        await pilot.press("plus", *"Hope", "tab", "backspace", "tab", "e", "tab", "tab", "tab")
        await pilot.press(*"wave two", "enter")
        assert codes(sample_db)["Hope"].key == "e"
        await pilot.press("q")
        screen = app.screen
        assert isinstance(screen, CodingScreen)
        screen.view.select_span(0, 10)
        await pilot.press("e")
        with Project.open(sample_db) as project:
            coded = [c.code for c in project.codings(coders=["carol"])]
        assert coded == ["Hope"]
        await pilot.press("question_mark")
        assert "e            Hope" in str(app.screen.query_one(Static).content)


async def test_after_a_refusal_the_keys_typed_go_to_the_field_named(
    sample_db: str, burst: Callable[..., Awaitable[None]]
) -> None:
    """Typed in one burst as over tmux: 'say why' puts the cursor in Why, and what follows
    lands there, not in the field left (nor in the one after it)."""
    app = make_app(sample_db, "carol")
    async with app.run_test(size=SIZE) as pilot:
        await codebook_at(app, pilot, "Projectised funding")
        await burst(pilot, "plus", *"Donors", "enter")
        form = app.screen
        assert isinstance(form, CodeForm)
        assert "say why" in form_error(app)
        assert form.focused is form.query_one("#why", Input)
        await burst(pilot, *"asked for")
        assert form.query_one("#why", Input).value == "asked for"
        assert form.query_one("#name", Input).value == "Donors"
        await burst(pilot, "enter")
    assert "Projectised funding/Donors" in codes(sample_db)


async def test_a_refused_parent_or_colour_gets_the_cursor(sample_db: str) -> None:
    app = make_app(sample_db, "carol")
    async with app.run_test(size=SIZE) as pilot:
        await codebook_at(app, pilot, "Projectised funding")
        await pilot.press("plus", *"Donors", "tab", *"Nowhere", "tab", "tab", *"red")
        await pilot.press("tab", "tab", *"asked for", "enter")
        form = app.screen
        assert isinstance(form, CodeForm)
        assert form_error(app).startswith("no code 'Nowhere'")
        assert form.focused is form.query_one("#parent", Input)
        await pilot.press("backspace", "enter")  # the highlighted value is gone: the top level
        assert form_error(app).startswith("invalid colour 'red'")
        assert form.focused is form.query_one("#colour", Input)
        await pilot.press(*"#aa0000", "enter")
    assert codes(sample_db)["Donors"].colour == "#aa0000"
