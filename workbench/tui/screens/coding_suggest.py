"""The coding screen's `s`: codes suggested for the utterance under the cursor, learned in a worker.

The first `s` starts learning from the coder's codings in a thread (typing goes on); the
suggestions show when it is done. After RETRAIN_AFTER new codings it learns again, in the
background, and meanwhile the model before serves. Each code's cross-validated figures are
computed after each learning, also in the worker, and shown beside its suggestions.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from workbench.assist import MIN_CONFIDENCE, MIN_EXAMPLES
from workbench.assist.suggest import Suggester, Suggestion
from workbench.assist.suggest_eval import CodeEvaluation, Evaluation
from workbench.coding.desk import Applied, CoderDesk
from workbench.domain import CodingInfo
from workbench.errors import WorkbenchError
from workbench.tui.screens.base import StoreScreen
from workbench.tui.widgets.status_line import StatusLine
from workbench.tui.widgets.transcript_view import TranscriptView

RETRAIN_AFTER = 5  # codings since the model was learned before it learns again
TOP = 5  # suggestions shown for an utterance


@dataclass(frozen=True)
class Choice:
    """What the suggestions dialog returns: accept or dismiss suggestion `index`."""

    verb: str  # "accept" or "dismiss"
    index: int


class SuggestionsDialog(ModalScreen[Choice | None]):
    """The codes suggested for one utterance, with confidence and each code's figures (filled
    in when the worker has computed them): enter accepts the highlighted one, x dismisses it
    for good, escape closes."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("x", "dismiss_suggestion", "Dismiss"),
    ]

    def __init__(
        self, title: str, found: list[Suggestion], figures: dict[str, CodeEvaluation]
    ) -> None:
        super().__init__(classes="dialog")
        self.title_text, self.found, self.figures = title, found, figures

    def lines(self) -> list[str]:
        return [
            f"{s.code}  {s.confidence:.2f}   {figures_line(self.figures.get(s.code))}"
            for s in self.found
        ]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(self.title_text))
            yield OptionList(*(Option(Text(line)) for line in self.lines()), id="suggestions")
            yield Label(Text("enter: accept (undo with ctrl+z)  x: dismiss for good  esc: close"))
            yield StatusLine(id="status")

    def show_figures(self, figures: dict[str, CodeEvaluation]) -> None:
        """The figures, computed after the dialog opened: its rows say them now."""
        self.figures = figures
        options = self.query_one("#suggestions", OptionList)
        for index, line in enumerate(self.lines()):
            options.replace_option_prompt_at_index(index, Text(line))

    @on(OptionList.OptionSelected, "#suggestions")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(Choice("accept", event.option_index))

    def action_dismiss_suggestion(self) -> None:
        highlighted = self.query_one("#suggestions", OptionList).highlighted
        if highlighted is not None:
            self.dismiss(Choice("dismiss", highlighted))

    def action_cancel(self) -> None:
        self.dismiss(None)


def figures_line(figures: CodeEvaluation | None) -> str:
    """A code's cross-validated figures for its suggestion's line."""
    if figures is None:
        return "figures: still computing"
    model = figures.model
    return (
        f"P {model.precision:.2f} R {model.recall:.2f} F1 {model.f1:.2f} "
        f"(keywords {figures.keyword_f1:.2f}, most frequent {figures.most_frequent_f1:.2f})"
    )


class SuggestKeys(StoreScreen):
    """Mixed into the coding screen: `s` and the learning behind it."""

    desk: CoderDesk
    transcript: str

    if TYPE_CHECKING:  # the coding screen's own

        def add_coding(self, coding: CodingInfo) -> None: ...
        @property
        def view(self) -> TranscriptView: ...

    status: str

    @dataclass
    class SuggesterLearned(Message):
        """The worker learned the coder's codes (a new suggester: the old served meanwhile)."""

        suggester: Suggester

    @dataclass
    class FiguresComputed(Message):
        evaluation: Evaluation | None

    suggester: Suggester | None = None
    min_confidence = MIN_CONFIDENCE  # the CLI's default floor (its --min-confidence)
    figures: dict[str, CodeEvaluation] | None = None
    learning = False
    wanted_at: int | None = None  # the offset `s` was pressed at while learning
    codings_since = 0

    def action_suggest(self) -> None:
        offset = self.view.cursor_offset
        if self.suggester is None:
            self.wanted_at = offset
            self.say("learning from your codings… (keep coding; suggestions show when ready)")
            self.learn()
            return
        self.show_suggestions(offset)

    def note_coding(self) -> None:
        """A coding was made: learn again after a few, in the background."""
        self.codings_since += 1
        if self.suggester is not None and self.codings_since >= RETRAIN_AFTER:
            self.learn()

    def learn(self) -> None:
        if self.learning:
            return
        self.learning = True
        self.codings_since = 0
        self.learn_in_worker(self.desk, self.suggester)

    @work(thread=True, exclusive=True, group="suggest", exit_on_error=False)
    def learn_in_worker(self, desk: CoderDesk, before: Suggester | None) -> None:
        from workbench.assist.suggest_eval import evaluate

        worker = get_current_worker()
        fresh: Suggester | None = None
        try:
            if before is None:
                fresh = Suggester(desk.project, desk.coder)
            else:  # the text is the same: only the codings changed
                fresh = copy.copy(before)
                fresh.models = None
            fresh.train()
        except Exception:  # the handler says nothing could be learned; the screen lives on
            fresh = None
        if worker.is_cancelled or fresh is None:
            self.post_message(self.FiguresComputed(None))
            return
        self.post_message(self.SuggesterLearned(fresh))
        try:
            evaluation: Evaluation | None = evaluate(fresh.corpus, fresh.counts, fresh.labels())
        except WorkbenchError:  # codings in one transcript only: nothing to cross-validate
            evaluation = None
        if not worker.is_cancelled:
            self.post_message(self.FiguresComputed(evaluation))

    @on(SuggesterLearned)
    def suggester_learned(self, message: SuggesterLearned) -> None:
        self.suggester = message.suggester
        if self.wanted_at is not None:
            offset, self.wanted_at = self.wanted_at, None
            self.say("")  # learned: "learning from your codings…" is over
            self.show_suggestions(offset)

    @on(FiguresComputed)
    def figures_computed(self, message: FiguresComputed) -> None:
        self.learning = False
        if message.evaluation is not None:
            self.figures = {c.code: c for c in message.evaluation.codes}
            if isinstance(self.app.screen, SuggestionsDialog):  # opened before they were ready
                self.app.screen.show_figures(self.figures)
        if self.suggester is None:
            self.wanted_at = None
            self.say(
                f"nothing to learn from yet: code at least {MIN_EXAMPLES} utterances with a code"
            )

    def show_suggestions(self, offset: int) -> None:
        suggester = self.suggester
        assert suggester is not None
        floor = self.min_confidence
        found = self.attempt(lambda: suggester.for_unit(self.transcript, offset, TOP, floor))
        if not found:
            if found is not None:
                self.say(f"no suggestion: {suggester.why_none(self.transcript, offset, floor)}")
            return
        title = f"Suggested for “{found[0].excerpt}”"

        def chosen(choice: Choice | None) -> None:
            if choice is not None:
                self.act_on(found[choice.index], choice.verb)

        self.app.push_screen(SuggestionsDialog(title, found, self.figures or {}), chosen)

    def act_on(self, suggestion: Suggestion, verb: str) -> None:
        suggester = self.suggester
        assert suggester is not None
        place = f"{suggestion.code} [{suggestion.start}, {suggestion.end})"
        if verb == "dismiss":
            if self.attempt(lambda: suggester.dismiss(suggestion)) is not None:
                self.say(f"dismissed {place}: not suggested again")
            return
        applied: Applied | None = self.attempt(
            lambda: self.desk.apply(
                self.transcript,
                suggestion.code_id,
                suggestion.start,
                suggestion.end,
                audit=suggester.audit_note(suggestion),
            )
        )
        if applied is not None:
            self.status = applied.status
            self.add_coding(applied.coding)
            self.say(f"coded {place} as suggested")
            self.note_coding()
