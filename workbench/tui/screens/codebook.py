"""The codebook screen: definitions, criteria and examples; add, edit, move, merge, retire."""

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
from workbench.tui.screens.code_form import SAY_WHY, CodeForm, CodeFormValues
from workbench.tui.screens.modals import CodePicker, PickedCode, Prompt
from workbench.tui.spans import code_colours
from workbench.tui.widgets.codebook_tree import CodebookTree
from workbench.tui.widgets.status_line import StatusLine


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
        yield StatusLine(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#code-tree", CodebookTree).focus()

    def reload(self, highlight: str | None = None) -> None:
        """Read the codebook again; the tree highlights `highlight` (the code just changed),
        else the code it highlighted before."""
        self.codes = codebook.codes(self.project)
        counts = {
            path: sum(per.values()) for path, per in codebook.coding_counts(self.project).items()
        }
        tree = self.query_one("#code-tree", CodebookTree)
        tree.show(
            self.codes, code_colours(self.codes), counts, include_inactive=True, highlight=highlight
        )
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
            if code.colour:
                text.append("   ")
                text.append("■ ", style=code.colour)
                text.append(code.colour)
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
        """The highlighted code (the status line says so when there is none)."""
        code = self.query_one("#code-tree", CodebookTree).highlighted_code()
        if code is None:
            self.say("no code highlighted: + adds one")
        return code

    def say(self, message: str) -> None:
        self.query_one("#status", StatusLine).say(message)

    def changed(self, label: str, path: str) -> None:
        """Say what changed and redraw with the changed code highlighted."""
        self.say(label)
        self.reload(highlight=path)

    def change(self, label: str, operation: Callable[[str], str]) -> None:
        """Ask why, then run `operation(why)` (it returns the path of the code it changed);
        report the outcome and redraw."""

        def run(why: str | None) -> None:
            if why is None:
                return
            try:
                path = operation(why)
            except WorkbenchError as error:
                self.say(str(error))
                return
            self.changed(f"{label}: done", path)

        self.app.push_screen(Prompt(f"{label}: why? (kept in the audit log)", missing=SAY_WHY), run)

    def action_add(self) -> None:
        parent = self.query_one("#code-tree", CodebookTree).highlighted_code()
        under = parent.path if parent is not None and parent.status == "active" else ""

        def save(values: CodeFormValues) -> CodeInfo:
            path = f"{values.parent}/{values.name}" if values.parent else values.name
            return codebook.create(
                self.project,
                path,
                values.why,
                key=values.key or None,
                colour=values.colour or None,
                description=values.description,
            )

        def added(code: CodeInfo | None) -> None:
            if code is not None:
                self.changed(f"added {code.path}", code.path)

        form = CodeForm("New code", CodeFormValues(parent=under), save)
        self.app.push_screen(form, added)

    def action_edit(self) -> None:
        code = self.current()
        if code is None:
            return

        def save(values: CodeFormValues) -> CodeInfo:
            return codebook.edit(
                self.project,
                code.path,
                values.why,
                name=values.name,
                key=values.key,
                colour=values.colour,
                description=values.description,
            )

        def edited(changed: CodeInfo | None) -> None:
            if changed is not None:
                self.changed(f"changed {changed.path}", changed.path)

        now = CodeFormValues(code.name, None, code.key or "", code.colour or "", code.description)
        self.app.push_screen(CodeForm(f"Change {code.path}", now, save), edited)

    def action_move(self) -> None:
        code = self.current()
        if code is None:
            return
        below = {c.path for c in self.codes if c.path.startswith(f"{code.path}/")}
        impossible = {code.path, code.parent_path or "", *below}  # itself, where it is

        def move(target: str, why: str) -> str:
            return codebook.move(self.project, code.path, target or None, why)

        self.pick_target(code, "move", "under", move, impossible)

    def action_merge(self) -> None:
        code = self.current()
        if code is None:
            return

        def merge(target: str, why: str) -> str:
            codebook.merge(self.project, code.path, target, why)
            return code.path

        self.pick_target(code, "merge", "into", merge, {code.path})

    def pick_target(
        self,
        code: CodeInfo,
        verb: str,
        preposition: str,
        operation: Callable[[str, str], str],
        impossible: set[str],
    ) -> None:
        """Pick the code to move under or merge into, then ask why and do it."""
        top_level = preposition == "under" and "" not in impossible

        def picked(choice: PickedCode | None) -> None:
            if choice is not None and not choice.create:
                target = choice.path or "the top level"
                self.change(
                    f"{verb} {code.path} {preposition} {target}",
                    lambda why: operation(choice.path, why),
                )

        title = f"{verb.capitalize()} {code.path} {preposition}…"
        picker = CodePicker(
            self.codes, title, allow_create=False, top_level=top_level, exclude=impossible
        )
        self.app.push_screen(picker, picked)

    def action_retire(self) -> None:
        code = self.current()
        if code is not None:
            self.change(
                f"retire {code.path}", lambda why: codebook.retire(self.project, code.path, why)
            )

    def action_back(self) -> None:
        self.dismiss()
