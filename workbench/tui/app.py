"""The workbench app: the composition root that wires screens to one project and one coder."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events, on

from workbench.coding.desk import CoderDesk
from workbench.errors import WorkbenchError
from workbench.store.project import Project
from workbench.tui import keys
from workbench.tui.messages import JumpTo
from workbench.tui.screens.coder_prompt import CoderPrompt
from workbench.tui.screens.home import HomeScreen
from workbench.tui.typeahead import TypeAheadApp

if TYPE_CHECKING:
    from workbench.tui.screens.retrieval import RetrievalChoice, RetrievalScreen

# The other screens are imported when first opened: the agreement and reports screens bring
# numpy and the statistics, which the home screen, the first one shown, does not need.


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

    def ask_coder(self) -> None:
        self.push_screen(CoderPrompt(self.project.coders()), self.coder_given)

    def coder_given(self, name: str | None) -> None:
        if name is None:
            self.exit()
        else:
            self.start(name)

    def start(self, coder: str) -> None:
        try:
            self.desk = CoderDesk(self.project, coder)
        except WorkbenchError as error:  # an empty or over-long name: ask again
            self.notify(str(error), severity="warning")
            self.ask_coder()
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
        self.push_screen(screen, self.coding_closed)

    def coding_closed(self, _result: None = None) -> None:
        # Only the transcript the app opened with has nothing below it: going back from it
        # builds the home screen. A passage opened from another screen goes back to that.
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
            self.open_transcript(message.transcript, (message.start, message.end), message.everyone)

    def action_help(self) -> None:
        """The keys of the screen on top (the coding screen's below a dialog opened there)."""
        from workbench.tui.screens.modals import HelpScreen

        screen = next((s for s in reversed(self.screen_stack) if hasattr(s, "KEY_MAP")), None)
        if screen is not None and not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(keys.help_text(screen.KEY_MAP)))

    def on_key(self, event: events.Key) -> None:
        # A letter that reached the app unbound and untyped (inputs keep what they take).
        if event.is_printable and event.character and event.key not in self.active_bindings:
            say = getattr(self.screen, "say", None)
            message = keys.unassigned(event.character)
            if say is not None:
                say(message)
            else:
                self.notify(message, timeout=3)

    def action_retrieval(self) -> None:
        from workbench.tui.screens.retrieval import RetrievalScreen

        if self.desk is not None and not isinstance(self.screen, RetrievalScreen):
            self.push_screen(RetrievalScreen(self.desk, self.retrieval_choice))

    def on_retrieval_screen_left(self, message: RetrievalScreen.Left) -> None:
        self.retrieval_choice = message.choice

    def action_search_study(self) -> None:
        from workbench.tui.screens.search import SearchScreen

        if self.desk is not None and not isinstance(self.screen, SearchScreen):
            self.push_screen(SearchScreen(self.desk))

    def action_agreement(self) -> None:
        from workbench.tui.screens.agreement import AgreementScreen

        if self.desk is not None and not isinstance(self.screen, AgreementScreen):
            self.push_screen(AgreementScreen(self.project, viewer=self.desk.coder))

    def action_reports(self) -> None:
        from workbench.tui.screens.reports import ReportsScreen

        if self.desk is not None and not isinstance(self.screen, ReportsScreen):
            self.push_screen(ReportsScreen(self.project, viewer=self.desk.coder))

    def action_codebook(self) -> None:
        from workbench.tui.screens.codebook import CodebookScreen

        if self.desk is not None and not isinstance(self.screen, CodebookScreen):
            self.push_screen(CodebookScreen(self.project))


def make_app(location: str, coder: str | None, transcript: str | None = None) -> WorkbenchApp:
    """The one factory for the CLI, the tests and the benchmarks."""
    project = Project.open(location, actor=coder)
    if transcript is not None:
        project.transcript(transcript)  # a wrong name fails here, before the screen opens
    return WorkbenchApp(project, coder, transcript)
