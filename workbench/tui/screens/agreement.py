"""The agreement screen: per-code agreement, each code's disagreements, and settling them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Footer, Input, OptionList, Select, Static

from workbench.agreement.vocabulary import DEFAULT_CONSENSUS, UNIT_KINDS
from workbench.coding.visibility import WHY_HIDDEN, visibility
from workbench.errors import WorkbenchError
from workbench.store.project import Project
from workbench.text.order import natural_key
from workbench.text.words import counted
from workbench.tui import keys
from workbench.tui.messages import JumpTo
from workbench.tui.screens.base import WorkingScreen
from workbench.tui.widgets.agreement_tables import AgreementTable, show_notes
from workbench.tui.widgets.disagreement_list import DisagreementList, where
from workbench.tui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from workbench.agreement.disagreements import Disagreement
    from workbench.agreement.report import AgreementReport
    from workbench.agreement.table import AgreementTables

HIDDEN_LISTED = 6  # transcripts named in the blind-coding note before "and N more"


class AgreementScreen(WorkingScreen):
    """Choose a code to list where the coders differ; 1/2/3/0 on that list settle into
    `consensus`. The viewer sees only transcripts they marked done (blind coding)."""

    # Three or more coders add a pairwise kappa table: it shares the height with the others.
    DEFAULT_CSS = """
    AgreementScreen #pairwise-table { height: 1fr; }
    AgreementScreen .agreement-notes { height: auto; max-height: 8; padding: 0 1; }
    /* On 24 rows the table comes first: a note is one line (? shows them whole). */
    AgreementScreen.-short .agreement-notes {
        max-height: 1; text-wrap: nowrap; text-overflow: ellipsis;
    }
    AgreementScreen #status { height: auto; max-height: 2; }
    """

    KEY_MAP = "agreement"
    BINDINGS = keys.bindings(KEY_MAP)

    @dataclass
    class HiddenKnown(Message):
        hidden: list[str]  # transcripts whose other coders' codings the viewer may not see

    @dataclass
    class ReportReady(Message):
        report: AgreementReport
        tables: AgreementTables

    @dataclass
    class DisagreementsReady(Message):
        code: str
        found: list[Disagreement]
        settled: set[int]  # those a person has settled already (shown struck through)

    def __init__(self, project: Project, viewer: str | None = None) -> None:
        super().__init__()
        self.project = project
        self.viewer = viewer  # whose blind-coding rule applies (None: the team's view)
        coders = [c for c in project.coders() if c != DEFAULT_CONSENSUS]
        self.coders = coders[:2]
        self.transcripts: tuple[str, ...] = ()  # none named: the default choice
        self.report: AgreementReport | None = None
        self.found: list[Disagreement] = []
        self.settled: set[int] = set()
        self.current_code: str | None = None  # whose disagreements are listed

    def compose(self) -> ComposeResult:
        yield Static(Text("Agreement", style="bold"), id="title")
        with Horizontal(id="filters"):
            yield Input(
                ",".join(self.coders),
                placeholder="coders, e.g. anna,ben",
                id="coders",
                select_on_focus=False,  # a key typed here by mistake must not wipe the names
            )
            yield Input(
                placeholder="transcripts (default: done by all)",
                id="agreement-transcripts",
                select_on_focus=False,
            )
            yield Select[str](
                [(u, u) for u in UNIT_KINDS], value="utterance", allow_blank=False, id="unit"
            )
        yield Static(id="hidden-note", classes="agreement-notes")
        with Vertical(id="body"):
            yield AgreementTable(id="agreement-table", cursor_type="row", zebra_stripes=True)
            yield Static(id="agreement-notes", classes="agreement-notes")
            yield AgreementTable(id="pairwise-table", cursor_type="none", zebra_stripes=True)
            yield Static(id="pairwise-notes", classes="agreement-notes")
            yield Static(id="disagreement-title")
            yield DisagreementList(id="disagreements")
        yield StatusLine(id="status")
        yield Footer()

    def on_mount(self) -> None:
        for hidden in (
            "#pairwise-table", "#pairwise-notes", "#agreement-notes", "#hidden-note",
            "#disagreement-title", "#disagreements",  # until a code is chosen: the table's room
        ):  # fmt: skip
            self.query_one(hidden).display = False
        self.show_report()
        self.query_one("#agreement-table", DataTable).focus()

    @property
    def unit(self) -> str:
        """The unit chosen (read on the main thread: workers are given it)."""
        return str(self.query_one("#unit", Select).value)

    @on(Input.Submitted, "#coders")
    def coders_changed(self, event: Input.Submitted) -> None:
        self.coders = [c.strip() for c in event.value.split(",") if c.strip()]
        self.show_report()

    @on(Input.Submitted, "#agreement-transcripts")
    def transcripts_changed(self, event: Input.Submitted) -> None:
        self.transcripts = tuple(t.strip() for t in event.value.split(",") if t.strip())
        self.show_report()

    @on(Select.Changed, "#unit")
    def unit_changed(self) -> None:
        self.show_report()

    def show_report(self) -> None:
        """Compute the report for the coders and unit chosen now, in the background."""
        self.compute(tuple(self.coders), self.unit, self.transcripts)

    @work(thread=True, exclusive=True, exit_on_error=False, group="report")
    def compute(
        self, coders: tuple[str, ...], unit: str, transcripts: tuple[str, ...] = ()
    ) -> None:
        from workbench.agreement.report import agreement_report
        from workbench.agreement.table import agreement_tables

        seen = visibility(self.project, self.viewer)
        self.post_message(self.HiddenKnown(sorted(seen.hidden, key=natural_key)))
        if len(coders) < 2:
            raise WorkbenchError("name two or more coders, e.g. anna,ben")
        report = agreement_report(
            self.project, coders, unit, transcripts=list(transcripts) or None, visibility=seen
        )
        self.post_message(self.ReportReady(report, agreement_tables(report)))

    @on(HiddenKnown)
    def hidden_known(self, message: HiddenKnown) -> None:
        note = self.query_one("#hidden-note", Static)
        note.display = bool(message.hidden)
        if message.hidden:
            named = ", ".join(message.hidden[:HIDDEN_LISTED])
            more = len(message.hidden) - HIDDEN_LISTED
            named += f" and {more} more" if more > 0 else ""
            count = len(message.hidden)
            note.update(
                Text.assemble(
                    (f"hidden: {count} transcript{'s' if count != 1 else ''} ", "bold yellow"),
                    f"{self.viewer} has not marked done ({named}); {WHY_HIDDEN}",
                )
            )

    @on(ReportReady)
    def report_ready(self, message: ReportReady) -> None:
        report = self.report = message.report
        self.query_one("#agreement-table", AgreementTable).show(message.tables.main)
        show_notes(self.query_one("#agreement-notes", Static), message.tables.main)
        pairwise = self.query_one("#pairwise-table", AgreementTable)
        pairwise_notes = self.query_one("#pairwise-notes", Static)
        pairwise.display = message.tables.pairwise is not None
        if message.tables.pairwise is not None:
            pairwise.show(message.tables.pairwise)
            show_notes(pairwise_notes, message.tables.pairwise)
        else:
            pairwise_notes.display = False
        names = (
            " vs ".join(f"{label} {c}" for label, c in zip("AB", report.coders, strict=True))
            if len(report.coders) == 2
            else ", ".join(report.coders)
        )
        self.query_one("#title", Static).update(
            Text.assemble(
                ("Agreement", "bold"),
                f"  {names}  ·  unit: {report.unit}  ·  ",
                f"{counted(len(report.transcripts), 'transcript')} ({report.transcript_rule})",
            )
        )

    @on(DataTable.RowSelected, "#agreement-table")
    def code_chosen(self, event: DataTable.RowSelected) -> None:
        code = event.row_key.value
        if code and self.report is not None and code != self.report.pooled.code:
            self.show_disagreements(code)

    def store_changed(self) -> None:
        self.show_report()
        if self.current_code is not None:
            self.show_disagreements(self.current_code)

    def show_disagreements(self, code: str) -> None:
        """List the disagreements on `code` for the coders and unit chosen now."""
        self.current_code = code
        self.load_disagreements(code, tuple(self.coders), self.unit, self.transcripts)

    @work(thread=True, exclusive=True, exit_on_error=False, group="disagreements")
    def load_disagreements(
        self, code: str, coders: tuple[str, ...], unit: str, transcripts: tuple[str, ...] = ()
    ) -> None:
        from workbench.agreement.disagreements import disagreements
        from workbench.agreement.reconcile import settled

        seen = visibility(self.project, self.viewer)
        chosen = list(transcripts) or None
        found = disagreements(
            self.project, coders, unit, codes=[code], transcripts=chosen, visibility=seen
        )
        done = settled(self.project, code, unit)
        marked = {i for i, d in enumerate(found) if f"{d.transcript}@{d.where}" in done}
        self.post_message(self.DisagreementsReady(code, found, marked))

    @on(DisagreementsReady)
    def disagreements_ready(self, message: DisagreementsReady) -> None:
        self.found, self.settled = message.found, message.settled
        self.query_one("#disagreement-title", Static).update(
            Text(
                f"{message.code}: {counted(len(self.found), 'disagreement')} "
                "(enter: open the passage; 1 accept A, 2 accept B, 3 both, 0 neither; "
                "tab: back to the codes)"
            )
        )
        options = self.query_one("#disagreements", DisagreementList)
        options.show(self.found, self.settled)
        self.query_one("#disagreement-title").display = options.display = True
        options.focus()

    @on(OptionList.OptionSelected, "#disagreements")
    def open_passage(self, event: OptionList.OptionSelected) -> None:
        disagreement = self.found[event.option_index]
        self.post_message(
            JumpTo(disagreement.transcript, disagreement.start, disagreement.end, everyone=True)
        )

    def action_accept(self, choice: str) -> None:
        from workbench.agreement.reconcile import accept

        options = self.query_one("#disagreements", DisagreementList)
        index = options.highlighted
        if index is None or not self.found or self.report is None:
            self.say("choose a code (enter), then a disagreement in the list")
            return
        coders = list(self.report.coders)
        if len(coders) != 2:  # A, B and both are a pair's choices
            self.say(
                "settling takes two coders: name two in the coders box "
                "(or use `workbench reconcile` for more)"
            )
            return
        disagreement = self.found[index]
        take = {"a": coders[:1], "b": coders[1:2], "both": coders, "neither": []}[choice]
        added = self.attempt(lambda: accept(self.project, disagreement, take))
        if added is None:
            return
        self.settled.add(index)
        # The next one is highlighted, and the status line says so: a Down pressed out of
        # habit would skip it otherwise.
        options.highlighted = min(index + 1, len(self.found) - 1)
        options.show(self.found, self.settled)
        who = ", ".join(take) or "neither"
        said = (
            f"settled {where(disagreement)}: took {who} "
            f"({added} coding{'s' if added != 1 else ''} added to {DEFAULT_CONSENSUS})"
        )
        following = options.highlighted
        if following is not None and following != index:
            said += f"  ·  now on {following + 1} of {len(self.found)}: "
            said += where(self.found[following])
        else:
            said += "  ·  that was the last one"
        self.say(said)

    def help_notes(self) -> str:
        """The notes above and under the tables, whole (on 24 rows each shows one line)."""
        notes = ["#hidden-note", "#agreement-notes", "#pairwise-notes"]
        shown = [self.query_one(n, Static) for n in notes if self.query_one(n).display]
        return "\n".join(str(note.content) for note in shown)

    def action_settle_elsewhere(self) -> None:
        self.say("1, 2, 3 and 0 settle on the disagreement list: enter on a code, then choose")

    def action_focus_codes(self) -> None:
        self.query_one("#agreement-table", DataTable).focus()

    def action_back(self) -> None:
        self.dismiss()
