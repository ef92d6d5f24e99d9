"""The workbench app: the composition root that wires screens to one project and one coder."""

from __future__ import annotations

from textual import on
from textual.app import App
from textual.binding import Binding

from workbench.coding.desk import CoderDesk
from workbench.errors import WorkbenchError
from workbench.store.project import Project
from workbench.tui.messages import JumpTo
from workbench.tui.screens.agreement import AgreementScreen
from workbench.tui.screens.codebook import CodebookScreen
from workbench.tui.screens.coding import CodingScreen
from workbench.tui.screens.home import HomeScreen
from workbench.tui.screens.modals import HelpScreen, Prompt
from workbench.tui.screens.reports import ReportsScreen
from workbench.tui.screens.retrieval import RetrievalScreen


class WorkbenchApp(App[None]):
    """Home -> coding; retrieval (r), codebook (b), reports (f), agreement (a), help (?)."""

    CSS_PATH = "workbench.tcss"
    TITLE = "workbench"
    ENABLE_COMMAND_PALETTE = False
    # Classes the screens' styles follow: `-narrow` under 100 columns, `-short` under 30 rows.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]
    BINDINGS = [
        Binding("question_mark", "help", "Help"),
        Binding("r", "retrieval", "Retrieve"),
        Binding("b", "codebook", "Codebook"),
        Binding("f", "reports", "Reports"),
        Binding("a", "agreement", "Agreement"),
    ]

    def __init__(self, project: Project, coder: str | None, transcript: str | None = None):
        super().__init__()
        self.project = project
        self.coder = coder
        self.start_transcript = transcript
        self.desk: CoderDesk | None = None

    def on_mount(self) -> None:
        if self.coder:
            self.start(self.coder)
        else:
            self.push_screen(Prompt("Who is coding? (your coder name)"), self.coder_given)

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
            self.push_screen(Prompt("Who is coding? (your coder name)"), self.coder_given)
            return
        self.project.actor = coder  # the audit log names the coder, however they were asked
        if self.start_transcript:
            # Straight to the transcript; the home screen is built when the coder goes back.
            self.open_transcript(self.start_transcript)
        else:
            self.push_screen(HomeScreen(self.desk))

    def open_transcript(
        self, name: str, select: tuple[int, int] | None = None, everyone: bool = False
    ) -> None:
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
        if isinstance(self.screen, RetrievalScreen):
            # Retrieval hands over to the transcript; going back from it shows what was below.
            self.pop_screen()
        below = self.screen
        if isinstance(below, CodingScreen) and below.transcript == message.transcript:
            below.view.select_span(message.start, message.end)
            below.view.focus()
        else:
            self.open_transcript(message.transcript, (message.start, message.end), message.everyone)

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def action_retrieval(self) -> None:
        if self.desk is not None and not isinstance(self.screen, RetrievalScreen):
            self.push_screen(RetrievalScreen(self.desk))

    def action_agreement(self) -> None:
        if self.desk is not None and not isinstance(self.screen, AgreementScreen):
            self.push_screen(AgreementScreen(self.project))

    def action_reports(self) -> None:
        if self.desk is not None and not isinstance(self.screen, ReportsScreen):
            self.push_screen(ReportsScreen(self.project))

    def action_codebook(self) -> None:
        if self.desk is not None and not isinstance(self.screen, CodebookScreen):
            self.push_screen(CodebookScreen(self.project))


def make_app(location: str, coder: str | None, transcript: str | None = None) -> WorkbenchApp:
    """The one factory for the CLI, the tests and the benchmarks."""
    project = Project.open(location, actor=coder)
    if transcript is not None:
        project.transcript(transcript)  # a wrong name fails here, before the screen opens
    return WorkbenchApp(project, coder, transcript)
