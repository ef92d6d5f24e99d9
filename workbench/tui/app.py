"""The workbench app: the composition root that wires screens to one project and one coder."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import events, on
from textual.screen import ModalScreen, Screen

from workbench.coding.desk import CoderDesk
from workbench.errors import WorkbenchError
from workbench.store.project import Project
from workbench.tui import keys
from workbench.tui.messages import JumpTo
from workbench.tui.screens.home import HomeScreen
from workbench.tui.typeahead import TypeAheadApp
from workbench.tui.widgets.status_line import clear, say

if TYPE_CHECKING:
    from workbench.tui.screens.retrieval import RetrievalChoice, RetrievalScreen

# The other screens are imported when first opened: the agreement and reports screens bring
# numpy and the statistics, which the home screen, the first one shown, does not need; the
# coder prompt and its dialogs only when no coder was given.


class WorkbenchApp(TypeAheadApp):
    """Home -> coding; retrieval (r), codebook (b), reports (f), agreement (a), search (t),
    help (?)."""

    CSS_PATH = "workbench.tcss"
    TITLE = "workbench"
    ENABLE_COMMAND_PALETTE = False
    # Classes the screens' styles follow: `-narrow` under 100 columns, `-short` under 30 rows.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]
    BINDINGS = keys.bindings("app")

    def __init__(self, project: Project, coder: str | None, transcript: str | None = None):
        super().__init__()
        self.project = project
        self.coder = coder
        self.start_transcript = transcript
        self.desk: CoderDesk | None = None
        self.retrieval_choice: RetrievalChoice | None = None  # retrieval opens as it was left

    def on_mount(self) -> None:
        if self.coder:
            self.start(self.coder)
        else:
            self.ask_coder()

    def ask_coder(self, why: str = "") -> None:
        """Ask who is coding (again, saying `why`, when the name given was refused)."""
        from workbench.tui.screens.coder_prompt import CoderPrompt

        self.push_screen(CoderPrompt(self.project.coders(), why), self.coder_given)

    def coder_given(self, name: str | None) -> None:
        if name is None:
            self.exit()
        else:
            self.start(name)

    def start(self, coder: str) -> None:
        try:
            self.desk = CoderDesk(self.project, coder)
        except WorkbenchError as error:  # an empty or over-long name: ask again
            self.ask_coder(str(error))
            return
        # The audit log names the coder, however they were asked, as the desk stores the name.
        self.project.actor = self.desk.coder
        if self.start_transcript:
            # Straight to the transcript; the home screen is built when the coder goes back.
            self.open_transcript(self.start_transcript)
        else:
            self.push_screen(HomeScreen(self.desk))

    def open_transcript(
        self, name: str, select: tuple[int, int] | None = None, everyone: bool = False
    ) -> None:
        from workbench.tui.screens.coding import CodingScreen

        assert self.desk is not None
        screen = CodingScreen(self.desk, name, select, show_others=everyone)
        self.push_screen(screen, self.screen_closed)

    def screen_closed(self, _result: None = None) -> None:
        # Only a screen the app opened with (a transcript, or one opened over it that took
        # its place) has nothing below it: going back from it builds the home screen.
        if self.desk is not None and len(self.screen_stack) == 1:
            self.push_screen(HomeScreen(self.desk))

    @on(HomeScreen.TranscriptChosen)
    def transcript_chosen(self, message: HomeScreen.TranscriptChosen) -> None:
        self.open_transcript(message.name)

    @on(JumpTo)
    def jump_to(self, message: JumpTo) -> None:
        # The passage opens over the screen it was chosen on (retrieval, agreement), so that
        # going back returns to that screen as it was left: its choices and its place.
        from workbench.tui.screens.coding import CodingScreen

        below = self.screen
        if isinstance(below, CodingScreen) and below.transcript == message.transcript:
            below.view.select_span(message.start, message.end)
            below.view.focus()
        else:
            self.drop_coding_screen(message.transcript)
            self.open_transcript(message.transcript, (message.start, message.end), message.everyone)

    def drop_coding_screen(self, transcript: str) -> None:
        """Close the transcript's coding screen if it is open below the top: the passage opens
        on top (so that `q` goes back to the screen it was chosen on), never twice."""
        from workbench.tui.screens.coding import CodingScreen

        for screen in self.screen_stack[:-1]:
            if isinstance(screen, CodingScreen) and screen.transcript == transcript:
                # Textual closes only the top screen; its stack is a plain list (pinned
                # exactly; tests/test_tui_stack.py guards this).
                self._screen_stack.remove(screen)
                self.call_later(screen.remove)

    def action_help(self) -> None:
        """The keys of the screen on top (the coding screen's below a dialog opened there),
        and what that screen has to say about what it shows (`help_notes`)."""
        from workbench.tui.screens.modals import HelpScreen

        screen = next((s for s in reversed(self.screen_stack) if hasattr(s, "KEY_MAP")), None)
        if screen is not None and not isinstance(self.screen, HelpScreen):
            text = keys.help_text(screen.KEY_MAP)
            notes = getattr(screen, "help_notes", lambda: "")()
            self.push_screen(HelpScreen(f"{notes}\n\n{text}" if notes else text))

    def say(self, message: str) -> None:
        """On the status line of the screen or dialog on top."""
        say(self.screen, message)

    def action_help_quit(self) -> None:
        # Textual's ctrl+c (outside an input, where it copies) says how to quit in a toast.
        dialog = isinstance(self.screen, ModalScreen)
        self.say(keys.unassigned("ctrl+c", in_dialog=True) if dialog else keys.CTRL_C)

    def key_dispatched(self, key: events.Key) -> None:
        # Every key answers afresh on the status line: what an earlier key was told goes
        # (whatever the screen), and what this key does or why it did nothing is said after.
        clear(self.screen)

    def on_key(self, event: events.Key) -> None:
        # A key that came up to the app unbound and untaken (inputs keep what they type,
        # screens stop the keys they act on): say why it did nothing, on every screen.
        if event.key in self.active_bindings:
            return
        if event.key == "escape":
            self.say(keys.NOTHING_TO_CLOSE)
        elif event.is_printable and event.character:
            # A dialog's keys are its own: the screens' keys wait until it is closed.
            dialog = isinstance(self.screen, ModalScreen)
            self.say(keys.unassigned(event.character, in_dialog=dialog))

    # -- the screens the keys r, b, f, a switch to: one of each on the stack ---------------

    def switch_to(
        self, kind: type[Screen[None]], make: Callable[[CoderDesk], Screen[None]]
    ) -> None:
        """Bring up the screen of `kind`: back to the one already open (the screens above
        it close, as `q` would close them), else a new one on top."""
        if self.desk is None:
            return
        opened = next((s for s in self.screen_stack if isinstance(s, kind)), None)
        if opened is None:
            self.push_screen(make(self.desk), self.screen_closed)
            return
        if self.screen is opened:
            self.say(keys.ALREADY_HERE)
        while self.screen is not opened:
            self.forget_screen(self.screen)
            self.pop_screen()

    def forget_screen(self, screen: Screen[object]) -> None:
        """What the app keeps of a screen that closes without its `q` (retrieval's choice)."""
        from workbench.tui.screens.retrieval import RetrievalScreen

        if isinstance(screen, RetrievalScreen):
            self.retrieval_choice = screen.choice()

    def action_retrieval(self) -> None:
        from workbench.tui.screens.retrieval import RetrievalScreen

        self.switch_to(RetrievalScreen, lambda desk: RetrievalScreen(desk, self.retrieval_choice))

    def on_retrieval_screen_left(self, message: RetrievalScreen.Left) -> None:
        self.retrieval_choice = message.choice

    def action_search_study(self) -> None:
        from workbench.tui.screens.search import SearchScreen

        self.switch_to(SearchScreen, SearchScreen)

    def action_agreement(self) -> None:
        from workbench.tui.screens.agreement import AgreementScreen

        self.switch_to(AgreementScreen, lambda desk: AgreementScreen(desk.project, desk.coder))

    def action_reports(self) -> None:
        from workbench.tui.screens.reports import ReportsScreen

        self.switch_to(ReportsScreen, lambda desk: ReportsScreen(desk.project, desk.coder))

    def action_codebook(self) -> None:
        from workbench.tui.screens.codebook import CodebookScreen

        self.switch_to(CodebookScreen, lambda desk: CodebookScreen(desk.project))


def make_app(location: str, coder: str | None, transcript: str | None = None) -> WorkbenchApp:
    """The one factory for the CLI, the tests and the benchmarks."""
    project = Project.open(location, actor=coder)
    if transcript is not None:
        project.transcript(transcript)  # a wrong name fails here, before the screen opens
    return WorkbenchApp(project, coder, transcript)
