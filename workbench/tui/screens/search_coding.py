"""The search screen's coding keys: hits coded from the list as one run, and its undo."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Select

from workbench.assist.autocode import AutocodePlan, apply_plan, plan_for_hits
from workbench.assist.search import Hit, SearchCorpus, SearchQuery
from workbench.coding.desk import CoderDesk
from workbench.errors import WorkbenchError
from workbench.text.words import counted
from workbench.tui.screens.base import StoreScreen
from workbench.tui.screens.modals import CodePicker, Confirm, PickedCode


class SearchCoding(StoreScreen):
    """Mixed into the search screen: c codes the marked hits (or the highlighted one), C
    every hit, through the picker and, for more than one passage, a preview to confirm;
    ctrl+z undoes my latest action (such a run whole)."""

    desk: CoderDesk
    hits: list[Hit]
    marked: set[int]
    corpus: SearchCorpus | None
    query_run: SearchQuery | None

    if TYPE_CHECKING:  # the search screen's own

        def highlighted(self) -> Hit | None: ...

    def action_code_hits(self) -> None:
        chosen = [self.hits[i] for i in sorted(self.marked)]
        hit = self.highlighted()
        if not chosen and hit is not None:
            chosen = [hit]
        self.code(chosen, everything=False)

    def action_code_all(self) -> None:
        self.code(self.hits, everything=True)

    def code(self, hits: list[Hit], everything: bool) -> None:
        """Pick a code; more than one passage asks first, with a preview."""
        corpus, query = self.corpus, self.query_run
        if not hits or corpus is None or query is None:
            self.say("no hit to code: search first")
            return
        unit = str(self.query_one("#unit", Select).value)
        label = (
            f"auto-coding by search '{query.pattern}'"
            if everything
            else f"coding {counted(len(hits), 'hit')} of '{query.pattern}'"
        )

        def picked(choice: PickedCode | None) -> None:
            if choice is None or choice.create:
                return
            try:
                plan = plan_for_hits(corpus, choice.path, hits, unit, f"{label} with {choice.path}")
            except WorkbenchError as error:
                self.say(str(error))
                return
            if len(plan.units) == 1:
                self.apply(plan)
                return
            first = " ".join(plan.units[0].text.split())[:60]
            question = (
                f"Code {counted(len(plan.units), unit)} in "
                f"{counted(plan.transcripts, 'transcript')} with {plan.code}? "
                f"The first: “{first}”"
            )

            def confirmed(yes: bool | None) -> None:
                if yes:
                    self.apply(plan)

            self.app.push_screen(Confirm(question, "code them", "cancel"), confirmed)

        title = f"Code {'all ' if everything else ''}{counted(len(hits), 'hit')}"
        self.app.push_screen(CodePicker(self.desk.codes(), title, allow_create=False), picked)

    def apply(self, plan: AutocodePlan) -> None:
        try:
            done = apply_plan(self.desk, plan)
        except WorkbenchError as error:
            self.say(str(error))
            return
        already = f" ({done.already} had it already)" if done.already else ""
        self.say(
            f"coded {counted(done.coded, 'passage')} in {counted(done.transcripts, 'transcript')}"
            f" with {done.code}{already}: ctrl+z takes the run back"
        )
        self.marked = set()
        self.refresh_hits()

    def action_undo(self) -> None:
        try:
            undone = self.desk.undo_latest()
        except WorkbenchError as error:
            self.say(str(error))
            return
        self.say(undone.describe("undid") if undone else "nothing to undo")
        if undone is not None:
            self.refresh_hits()

    def refresh_hits(self) -> None:
        """Codes changed: read them again and show the same search (the cursor stays)."""
        self.corpus = None
        self.store_changed()
