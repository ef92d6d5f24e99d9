"""The appendix as one self-contained HTML page (the report's styles, figures as data URIs),
with a contents list;
its sections have stable ids (#study, #codebook, #coding-process) the report links to."""

from __future__ import annotations

import base64

from workbench.stats import report_html as h
from workbench.stats.appendix.document import (
    Block,
    Document,
    Field,
    Heading,
    Image,
    Paragraph,
    Quote,
)

# Captions name the appendix's tables, as in a paper: above, left, in bold.
CSS = """caption { caption-side: top; text-align: left; font-weight: 600; padding: .3rem 0; }
section h4 { font-size: 1rem; } nav ul { padding-left: 1.2rem; }
figure { margin: 1rem 0; } figure img { max-width: 100%; height: auto; }
figcaption { font-size: .85rem; color: #444; font-style: italic; }
"""


def html(document: Document) -> str:
    body = [f"<h1>{h.text(document.title)}</h1>", "<nav><ul>"]
    body += [
        f'<li><a href="#{section.anchor}">{h.text(section.title)}</a></li>'
        for section in document.sections
    ]
    body.append("</ul></nav>")
    for section in document.sections:
        body.append(f'<section id="{section.anchor}">')
        body.append(f"<h2>{h.text(section.title)}</h2>")
        body += [_block(block) for block in section.blocks]
        body.append("</section>")
    return h.page(document.title, body, CSS)


def _block(block: Block) -> str:
    if isinstance(block, Heading):
        level = min(block.level + 1, 6)
        anchor = f' id="{h.text(block.anchor)}"' if block.anchor else ""
        return f"<h{level}{anchor}>{h.text(block.text)}</h{level}>"
    if isinstance(block, Paragraph):
        return f'<p class="note">{h.text(block.text)}</p>' if block.note else _p(block.text)
    if isinstance(block, Field):
        return f'<p class="def"><strong>{h.text(block.label)}:</strong> {h.text(block.text)}</p>'
    if isinstance(block, Image):
        source = "data:image/png;base64," + base64.b64encode(block.png).decode("ascii")
        return "\n".join(
            [
                "<figure>",
                f'<img src="{source}" alt="{h.text(block.caption)}">',
                f"<figcaption>{h.text(block.caption)}</figcaption>",
                "</figure>",
            ]
        )
    if isinstance(block, Quote):
        return "\n".join(
            [
                "<blockquote>",
                f"<p>{h.paragraphs(block.text)}</p>",
                f"<footer>— {h.text(block.source)}</footer>",
                "</blockquote>",
            ]
        )
    return h.table(block.frame, block.caption, block.numeric(), block.keep)


def _p(text: str) -> str:
    return f"<p>{h.paragraphs(text)}</p>"
