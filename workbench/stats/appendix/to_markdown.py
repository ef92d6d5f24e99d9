"""The appendix as Markdown: headings, pipe tables (numbers right-aligned) and block quotes.

Text from the store is written as stored, but for what would break a table: `|` is escaped
and a line break in a cell becomes a space.
"""

from __future__ import annotations

from workbench.stats.appendix.document import (
    Block,
    Document,
    Field,
    Heading,
    Paragraph,
    Quote,
    Table,
)
from workbench.stats.export import cell


def markdown(document: Document) -> str:
    lines = [f"# {document.title}", ""]
    lines += ["Contents:", ""]
    lines += [f"- [{section.title}](#{section.anchor})" for section in document.sections]
    lines.append("")
    for section in document.sections:
        lines += [f'<a id="{section.anchor}"></a>', "", f"## {section.title}", ""]
        for block in section.blocks:
            lines += _block(block)
    return "\n".join(lines).rstrip("\n") + "\n"


def _block(block: Block) -> list[str]:
    if isinstance(block, Heading):
        return [f"{'#' * (block.level + 1)} {block.text}", ""]
    if isinstance(block, Paragraph):
        return [f"_{block.text}_" if block.note and "_" not in block.text else block.text, ""]
    if isinstance(block, Field):
        return [f"**{block.label}:** {block.text}", ""]
    if isinstance(block, Quote):
        quoted = [f"> {line}" if line else ">" for line in block.text.split("\n")]
        return [*quoted, ">", f"> — {block.source}", ""]
    return _table(block)


def _table(block: Table) -> list[str]:
    numeric = block.numeric()
    lines = [f"**{block.caption}**", ""] if block.caption else []
    lines.append("| " + " | ".join(_escape(str(c)) for c in block.frame.columns) + " |")
    lines.append("|" + "|".join("---:" if right else "---" for right in numeric) + "|")
    for row in block.frame.itertuples(index=False, name=None):
        lines.append("| " + " | ".join(_escape(cell(value)) for value in row) + " |")
    return [*lines, ""]


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\r", " ").replace("\n", " ")
