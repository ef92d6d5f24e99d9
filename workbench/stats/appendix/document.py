"""The appendix as plain blocks (headings, paragraphs, tables, quotes, figures) that every
renderer reads.

A section function builds a `Section` from the study; a renderer (Markdown, DOCX, HTML) turns
a `Document` into a file and knows nothing of codes or coders. Adding a section to the
appendix is one function; adding a format is one renderer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd


@dataclass(frozen=True)
class Heading:
    """A heading below the section's own (level 2, 3, ...)."""

    text: str
    level: int = 2
    anchor: str = ""


@dataclass(frozen=True)
class Paragraph:
    text: str
    note: bool = False  # a smaller explanatory line (what a figure counts, where it comes from)


@dataclass(frozen=True)
class Field:
    """A labelled paragraph: `Include: ...`."""

    label: str
    text: str


@dataclass(frozen=True)
class Quote:
    text: str
    source: str


@dataclass(frozen=True)
class Table:
    """A DataFrame shown as it is; `right`: which columns are numbers (default: numeric dtypes);
    `keep`: columns whose cells are kept on one line where a format can (dates)."""

    frame: pd.DataFrame
    caption: str = ""
    right: tuple[bool, ...] | None = None
    keep: tuple[str, ...] = ()

    def numeric(self) -> list[bool]:
        if self.right is not None:
            return list(self.right)
        return [self.frame[column].dtype.kind in "iuf" for column in self.frame.columns]


@dataclass(frozen=True)
class Image:
    """A figure as PNG bytes with its caption; `name` is its file name where a format keeps
    figures beside the text (Markdown), and `width` its share of the text width."""

    png: bytes
    caption: str
    name: str
    width: float = 1.0


Block = Heading | Paragraph | Field | Quote | Table | Image


@dataclass(frozen=True)
class Section:
    title: str
    anchor: str
    blocks: list[Block] = field(default_factory=list)


@dataclass(frozen=True)
class Document:
    title: str
    sections: list[Section]

    def images(self) -> list[Image]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Image)]


def slug(*parts: object) -> str:
    """An id for a heading: lower-case letters and digits joined by hyphens."""
    text = "-".join(str(part) for part in parts)
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
