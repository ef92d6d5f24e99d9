"""The codebook as a tree: colour swatch, shortcut key, name and my coding count per code."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from workbench.coding.labels import code_status_label
from workbench.domain import CodeInfo


def code_label(code: CodeInfo, colour: str, count: int | None) -> Text:
    label = Text()
    label.append("■ ", style=colour)
    label.append(f"{code.key} " if code.key else "  ", style="bold")
    label.append(code.name, style="dim" if code.status != "active" else "")
    if status := code_status_label(code, with_target=False):
        label.append(f" ({status})", style="dim italic")
    if count:
        label.append(f"  {count}", style="dim")
    return label


class CodebookTree(Tree[CodeInfo]):
    """Expanded by default; node data is the `CodeInfo` (never markup: names are text)."""

    def __init__(self, label: str, **kwargs: Any) -> None:
        super().__init__(label, **kwargs)
        self._code_nodes: dict[str, TreeNode[CodeInfo]] = {}
        self._code_counts: dict[str, int] = {}
        self._code_colours: dict[str, str] = {}

    def show(
        self,
        codes: Sequence[CodeInfo],
        colours: dict[str, str],
        counts: dict[str, int] | None = None,
        include_inactive: bool = False,
        highlight: str | None = None,
    ) -> None:
        """Show `codes`, highlighting `highlight` if given, else the code highlighted before."""
        counts = counts or {}
        self._code_colours = colours
        highlighted = highlight or (
            self.cursor_node.data.path if self.cursor_node and self.cursor_node.data else None
        )
        self.clear()
        self.show_root = False
        nodes: dict[str, TreeNode[CodeInfo]] = {}
        shown = [c for c in codes if c.status == "active" or include_inactive]
        parents = {c.parent_path for c in shown}
        for code in shown:
            parent = nodes.get(code.parent_path or "", self.root)
            label = code_label(code, colours[code.path], counts.get(code.path))
            if code.path in parents:
                node = parent.add(label, code, expand=True)
            else:
                node = parent.add_leaf(label, code)
            nodes[code.path] = node
        self._code_nodes = nodes
        self._code_counts = dict(counts)
        self.root.expand()
        chosen = nodes.get(highlighted or "") or next(iter(nodes.values()), None)
        if chosen is not None:
            # After the tree has laid out its new lines: before that the node has no line.
            self.call_after_refresh(self.move_cursor, chosen)

    def show_counts(self, counts: dict[str, int]) -> None:
        """Relabel only the codes whose count changed (cheaper than rebuilding the tree)."""
        for path, node in self._code_nodes.items():
            if counts.get(path) != self._code_counts.get(path) and node.data is not None:
                node.set_label(code_label(node.data, self._code_colours[path], counts.get(path)))
        self._code_counts = dict(counts)

    def reveal(self, path: str) -> None:
        """Highlight the code at `path`, scrolling to it (the panel may show only a few)."""
        node = self._code_nodes.get(path)
        if node is not None and node is not self.cursor_node:
            self.move_cursor(node)

    def highlighted_code(self) -> CodeInfo | None:
        node = self.cursor_node
        return node.data if node is not None else None
