"""Every action the TUI binds to a key has a CLI command that does it (or is only a view)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from textual.binding import Binding
from textual.dom import DOMNode

import workbench.tui.screens
import workbench.tui.widgets
from tests.test_cli import COMMANDS
from workbench.tui.app import WorkbenchApp

# The screen's action -> the command that does the same to a project.
DONE_BY: dict[str, tuple[str, ...]] = {
    "WorkbenchApp.retrieval": ("segments",),
    "WorkbenchApp.codebook": ("codebook", "show"),
    "WorkbenchApp.reports": ("counts",),
    "WorkbenchApp.agreement": ("agreement",),
    "WorkbenchApp.search_study": ("search",),
    "SearchScreen.code_hits": ("autocode",),
    "SearchScreen.code_all": ("autocode",),
    "SearchScreen.undo": ("undo",),
    # The disagreement list settles, as the consensus coder; `reconcile` settles them all.
    "DisagreementList.screen.accept": ("codings", "add"),
    "CodebookScreen.add": ("codebook", "add"),
    "CodebookScreen.edit": ("codebook", "edit"),
    "CodebookScreen.move": ("codebook", "move"),
    "CodebookScreen.merge": ("codebook", "merge"),
    "CodebookScreen.retire": ("codebook", "retire"),
    "CodingScreen.pick_code": ("codings", "add"),
    "CodingScreen.remove": ("codings", "remove"),
    "CodingScreen.memo": ("codings", "memo"),  # and `transcripts memo` for the transcript's
    "CodingScreen.undo": ("codings", "undo"),
    "CodingScreen.redo": ("codings", "redo"),
    "CodingScreen.done": ("transcripts", "mark"),
    "CodingScreen.search": ("segments",),
    "CodingScreen.suggest": ("suggest",),
    "SuggestionsDialog.dismiss_suggestion": ("suggest",),  # --dismiss CODE --at OFFSET
    "HomeScreen.open": ("code",),
    "HomeScreen.filter": ("transcripts", "list"),
    "ReportsScreen.export": ("counts",),
}
# Actions that only move around, show or hide: nothing in the project changes.
ONLY_A_VIEW = {
    "WorkbenchApp.help", "AgreementScreen.back", "CodeForm.cancel", "CodebookScreen.back",
    "CodingScreen.select_utterance", "CodingScreen.toggle_visual", "CodingScreen.next_hit",
    "CodingScreen.previous_hit", "CodingScreen.next_segment", "CodingScreen.previous_segment",
    "CodingScreen.toggle_others", "CodingScreen.back", "HomeScreen.clear_filter",
    "HomeScreen.quit", "Prompt.cancel", "Chooser.cancel", "CodePicker.cancel",
    "CodePicker.move", "MemoEditor.save", "MemoEditor.cancel", "HelpScreen.close",
    "ReportsScreen.back", "RetrievalScreen.back", "AgreementScreen.settle_elsewhere",
    "CoderPrompt.cancel", "CoderPrompt.move", "CodingScreen.clear", "CodingScreen.transcript_end",
    "CodingScreen.transcript_start", "Confirm.answer", "DisagreementList.screen.focus_codes",
    "SearchBar.close", "SearchScreen.find", "SearchScreen.mark", "SearchScreen.to_hits",
    "SearchScreen.back", "SuggestionsDialog.cancel",
}  # fmt: skip


def tui_actions() -> set[str]:
    """`Class.action` for every binding of the app and of every screen and widget class."""
    classes: list[type[DOMNode]] = [WorkbenchApp]
    packages = (workbench.tui.screens, workbench.tui.widgets)
    modules = [m for p in packages for m in pkgutil.walk_packages(p.__path__, f"{p.__name__}.")]
    for module in modules:
        loaded = importlib.import_module(module.name)
        classes += [
            cls
            for _name, cls in inspect.getmembers(loaded, inspect.isclass)
            if issubclass(cls, DOMNode) and cls.__module__ == loaded.__name__
        ]
    found = set()
    for cls in classes:
        for binding in cls.__dict__.get("BINDINGS", []):
            action = binding.action if isinstance(binding, Binding) else binding[1]
            found.add(f"{cls.__name__}.{action.split('(')[0]}")
    return found


def test_every_tui_action_has_a_cli_command_and_the_table_has_no_stale_entry() -> None:
    actions = tui_actions()
    assert len(actions) > 30  # the walk found the screens
    assert set(DONE_BY).isdisjoint(ONLY_A_VIEW)
    assert sorted(actions - set(DONE_BY) - ONLY_A_VIEW) == [], "a new action: add a command"
    assert sorted((set(DONE_BY) | ONLY_A_VIEW) - actions) == [], "an action the TUI lost"


def test_each_command_the_table_names_exists() -> None:
    missing = {action: command for action, command in DONE_BY.items() if command not in COMMANDS}
    assert missing == {}  # and test_cli checks that each has help text
