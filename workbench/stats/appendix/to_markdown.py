"""The appendix as Markdown: headings, pipe tables (numbers right-aligned), block quotes, and
figures linked as PNG files that the caller writes beside the .md file (`figure_files`).

Text from the store is written as stored, but for what would break a table: `|` is escaped
and a line break in a cell becomes a space.
"""

from __future__ import annotations

from workbench.stats.appendix.document import (
    Block,
    Document,
    Field,
    Heading,
    Image,
    Paragraph,
    Quote,
    Table,
)
from workbench.stats.export import cell


def markdown(document: Document, prefix: str = "") -> str:
    """The text; a figure links to `prefix` + its name (e.g. `appendix-saturation.png`)."""
    lines = [f"# {document.title}", ""]
    lines += ["Contents:", ""]
    lines += [f"- [{section.title}](#{section.anchor})" for section in document.sections]
    lines.append("")
    for section in document.sections:
        lines += [f'<a id="{section.anchor}"></a>', "", f"## {section.title}", ""]
        for block in section.blocks:
            lines += _image(block, prefix) if isinstance(block, Image) else _block(block)
    return "\n".join(lines).rstrip("\n") + "\n"


def figure_files(document: Document, prefix: str = "") -> dict[str, bytes]:
    """The PNG file each figure link of `markdown(document, prefix)` names, by file name."""
    return {prefix + image.name: image.png for image in document.images()}


def _image(image: Image, prefix: str) -> list[str]:
    caption = f"_{image.caption}_" if "_" not in image.caption else image.caption
    return [f"![{_escape(image.caption)}]({prefix}{image.name})", "", caption, ""]


def _block(block: Block) -> list[str]:
    if isinstance(block, Heading):
        return [f"{'#' * (block.level + 1)} {block.text}", ""]
    if isinstance(block, Paragraph):
        return [f"_{block.text}_" if block.note and "_" not in block.text else block.text, ""]
    if isinstance(block, Field):
        return [f"**{block.label}:** {block.text}", ""]
    if isinstance(block, Image):
        return _image(block, "")
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
