"""HTML building blocks for the report: the page, tables, quotes; every text is escaped."""

from __future__ import annotations

import re
from html import escape

import pandas as pd

from workbench.stats.export import cell

CSS = """
body { font: 15px/1.5 system-ui, sans-serif; color: #222; max-width: 64rem;
       margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; } h2 { border-bottom: 1px solid #ccc; margin-top: 2.5rem; }
h3 { margin-bottom: .3rem; }
table { border-collapse: collapse; margin: .8rem 0; font-size: .9rem; }
th, td { border: 1px solid #ddd; padding: .2rem .5rem; vertical-align: top; }
th { background: #f4f4f4; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
td.k { white-space: nowrap; }
.status { font-size: .75rem; color: #fff; background: #888; border-radius: 3px;
          padding: 0 .3rem; margin-left: .4rem; }
.def { margin: .1rem 0 .6rem; color: #444; }
.swatch { display: inline-block; width: .8rem; height: .8rem; margin-right: .3rem;
          border: 1px solid #999; vertical-align: middle; }
blockquote { margin: .6rem 0 1rem; padding: .3rem 1rem; border-left: 4px solid #ccc;
             background: #fafafa; }
blockquote footer { font-size: .85rem; color: #555; margin-top: .3rem; }
.cite { font-size: .9rem; color: #333; font-style: italic; }
.note { font-size: .85rem; color: #555; }
.counted { font-size: .9rem; background: #f4f4f4; padding: .3rem .6rem; }
figure { margin: 1rem 0; } figure svg { max-width: 100%; height: auto; }
"""
_SVG_START = re.compile(r"<svg\b")


def text(value: object) -> str:
    """Any text from the store or the user, made inert: `<`, `&` and quotes escaped."""
    return escape(str(value), quote=True)


def paragraphs(value: str) -> str:
    """Escaped text with its line breaks kept."""
    return "<br>\n".join(text(line) for line in value.split("\n"))


def page(title: str, body: list[str], extra_css: str = "") -> str:
    """The whole document; `extra_css` follows the shared styles."""
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{text(title)}</title>",
            f"<style>{CSS}{extra_css}</style>",
            "</head>",
            "<body>",
            *body,
            "</body>",
            "</html>",
            "",
        ]
    )


def table(
    frame: pd.DataFrame,
    caption: str = "",
    right: list[bool] | None = None,
    keep: tuple[str, ...] = (),
) -> str:
    """A frame as an HTML table; numbers (or the `right` columns) right-aligned, floats as
    in the CSV exports; the `keep` columns (dates, times) never wrap."""
    numeric = right or [frame[c].dtype.kind in "iuf" for c in frame.columns]
    kept = [column in keep for column in frame.columns]
    lines = ["<table>"]
    if caption:
        lines.append(f"<caption>{text(caption)}</caption>")
    head = "".join(f"<th>{text(column)}</th>" for column in frame.columns)
    lines.append(f"<thead><tr>{head}</tr></thead>")
    lines.append("<tbody>")
    for row in frame.itertuples(index=False, name=None):
        cells = "".join(
            f'<td class="n">{text(cell(value))}</td>'
            if is_number
            else f'<td class="k">{text(value)}</td>'
            if whole
            else f"<td>{text(value)}</td>"
            for value, is_number, whole in zip(row, numeric, kept, strict=True)
        )
        lines.append(f"<tr>{cells}</tr>")
    lines += ["</tbody>", "</table>"]
    return "\n".join(lines)


def inline_svg(svg: bytes) -> str:
    """matplotlib's SVG file as an element to embed: no XML prolog or DOCTYPE."""
    source = svg.decode("utf-8")
    found = _SVG_START.search(source)
    return source[found.start() :] if found else ""


def anchor(order: int, path: str) -> str:
    """A stable, unique id for a code's section: its codebook position and a slug."""
    return f"code-{order}-" + re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-")
