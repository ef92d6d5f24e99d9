"""The codebook screen: definitions, criteria and examples; add, rename, move, merge, retire."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static, Tree

from workbench.codebook import service as codebook
from workbench.coding.labels import code_status_label
from workbench.domain import CodeInfo
from workbench.errors import WorkbenchError
from workbench.store.project import Project
from workbench.tui import keys
from workbench.tui.screens.modals import CodePicker, PickedCode, Prompt
from workbench.tui.spans import code_colours
from workbench.tui.widgets.codebook_tree import CodebookTree


class CodebookScreen(Screen[None]):
    """Every change asks why; the audit log keeps who, when and why."""

    KEY_MAP = "codebook"
    BINDINGS = keys.bindings(KEY_MAP)

    def __init__(self, project: Project) -> None:
        super().__init__()
        self.project = project
        self.codes: list[CodeInfo] = []

    def compose(self) -> ComposeResult:
        yield Static(Text("Codebook", style="bold"), id="title")
        with Horizontal(id="body"):
            yield CodebookTree("codebook", id="code-tree")
            with VerticalScroll(id="definition"):
                yield Static(id="definition-text")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#code-tree", CodebookTree).focus()

    def reload(self) -> None:
        self.codes = codebook.codes(self.project)
        counts = {
            path: sum(per.values()) for path, per in codebook.coding_counts(self.project).items()
        }
        tree = self.query_one("#code-tree", CodebookTree)
        tree.show(self.codes, code_colours(self.codes), counts, include_inactive=True)
        self.show_definition(tree.highlighted_code())

    @on(Tree.NodeHighlighted, "#code-tree")
    def highlighted(self, event: Tree.NodeHighlighted[CodeInfo]) -> None:
        self.show_definition(event.node.data)

    def show_definition(self, code: CodeInfo | None) -> None:
        text = Text()
        if code is not None:
            text.append(code.path, style="bold")
            if code.key:
                text.append(f"   key {code.key}")
            if status := code_status_label(code):
                text.append(f"   ({status})", style="italic")
            for heading, body in (
                ("Definition", code.description),
                ("Include", code.include),
                ("Exclude", code.exclude),
                ("Example", code.example),
            ):
                text.append(f"\n\n{heading}\n", style="bold underline")
                text.append(body or "—")
        self.query_one("#definition-text", Static).update(text)

    def current(self) -> CodeInfo | None:
        return self.query_one("#code-tree", CodebookTree).highlighted_code()

    def change(self, label: str, operation: Callable[[str], object]) -> None:
        """Ask why, then run `operation(why)`; report the outcome and redraw."""

        def run(why: str | None) -> None:
            if why is None:
                return
            try:
                operation(why)
            except WorkbenchError as error:
                self.notify(str(error), severity="warning")
                return
            self.notify(label, timeout=3)
            self.reload()

        self.app.push_screen(Prompt(f"{label}: why? (kept in the audit log)"), run)

    def action_add(self) -> None:
        parent = self.current()

        def named(name: str | None) -> None:
            if name:
                path = f"{parent.path}/{name}" if parent else name
                self.change(f"add {path}", lambda why: codebook.create(self.project, path, why))

        where = parent.path if parent else "the top level"
        self.app.push_screen(Prompt(f"New code under {where}:"), named)

    def action_rename(self) -> None:
        code = self.current()
        if code is None:
            return

        def named(name: str | None) -> None:
            if name:
                self.change(
                    f"rename {code.path} to {name}",
                    lambda why: codebook.rename(self.project, code.path, name, why),
                )

        self.app.push_screen(Prompt(f"Rename {code.path} to:", code.name), named)

    def action_move(self) -> None:
        self.pick_target(
            "move", "under", lambda project, code, target, why: codebook.move(
                project, code, target or None, why
            ), top_level=True,
        )  # fmt: skip

    def action_merge(self) -> None:
        self.pick_target("merge", "into", codebook.merge)

    def pick_target(
        self,
        verb: str,
        preposition: str,
        operation: Callable[[Project, str, str, str], object],
        top_level: bool = False,
    ) -> None:
        """Pick the code to move under or merge into, then ask why and do it."""
        code = self.current()
        if code is None:
            return

        def picked(choice: PickedCode | None) -> None:
            if choice is not None and not choice.create:
                target = choice.path or "the top level"
                self.change(
                    f"{verb} {code.path} {preposition} {target}",
                    lambda why: operation(self.project, code.path, choice.path, why),
                )

        picker = CodePicker(self.codes, None, allow_create=False, top_level=top_level)
        self.app.push_screen(picker, picked)

    def action_retire(self) -> None:
        code = self.current()
        if code is not None:
            self.change(
                f"retire {code.path}", lambda why: codebook.retire(self.project, code.path, why)
            )

    def action_back(self) -> None:
        self.dismiss()
