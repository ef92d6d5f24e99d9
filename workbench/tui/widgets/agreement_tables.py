"""The agreement tables as the TUI draws them: the core's table in a DataTable, its notes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.widgets import DataTable, Static

from workbench.tui.widgets.table_fill import content_widths

if TYPE_CHECKING:
    from workbench.agreement.table import Table

CODE_MIN_WIDTH = 16  # below this a code name says too little to be worth the coefficients
UNDEFINED = "-"  # how the agreement table writes a coefficient that is undefined


def show_table(widget: DataTable[Text], table: Table) -> None:
    """The core's table in a DataTable: its headers and cells as they are, except that codes
    are indented under their parents as the codebook tree shows them (full paths would push
    the coefficients off an 80-column screen), headers take two lines ("anna" over "coded")
    and on a narrow screen long code names are cut so that every coefficient stays in view."""
    widget.clear(columns=True)
    widget.header_height = 2
    headers = [Text(c.header.replace(" ", "\n", 1), justify=c.align) for c in table.columns]
    # Every column gets its width here (see table_fill): left to the DataTable, a frame drawn
    # on a loaded machine stayed on screen with the last coefficients cut off.
    widths = content_widths(headers, [[row.tree_label, *row.cells[1:]] for row in table.rows])
    figures = sum(width + 2 * widget.cell_padding for width in widths[1:])
    room = widget.size.width - widget.styles.scrollbar_size_vertical - figures
    if widget.size.width:  # the code column gives way so that every coefficient stays in view
        widths[0] = min(widths[0], max(CODE_MIN_WIDTH, room - 2 * widget.cell_padding))
    for column, header, width in zip(table.columns, headers, widths, strict=True):
        widget.add_column(header, key=column.key, width=width)
    for row in table.rows:
        cells = [Text(row.tree_label)]
        for column, cell in zip(table.columns[1:], row.cells[1:], strict=True):
            style = "bold yellow" if column.key == "warning" else "dim" if cell == UNDEFINED else ""
            cells.append(Text(cell, style=style, justify=column.align))
        widget.add_row(*cells, key=row.key)


class AgreementTable(DataTable[Text]):
    """A DataTable that fits the core's table to its width again whenever that changes: a
    report can arrive before the screen's layout settles (on a loaded machine), and widths
    worked out then would push the last coefficients off an 80-column screen."""

    def __init__(self, **options: object) -> None:
        super().__init__(**options)  # type: ignore[arg-type]
        self.shown: Table | None = None
        self.fitted_to = -1

    def show(self, table: Table) -> None:
        self.shown, self.fitted_to = table, self.size.width
        show_table(self, table)

    def on_resize(self, event: events.Resize) -> None:
        if self.shown is not None and event.size.width != self.fitted_to:
            row = self.cursor_row
            self.show(self.shown)
            if self.row_count:
                self.move_cursor(row=min(row, self.row_count - 1), animate=False)


def show_notes(widget: Static, table: Table) -> None:
    lines = [table.warning, *table.notes] if table.warning else list(table.notes)
    widget.update(Text("\n".join(lines)))
    widget.display = bool(lines)
