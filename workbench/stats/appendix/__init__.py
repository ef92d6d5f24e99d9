"""A methods appendix: the study, the codebook as a document, the coding process, saturation
and the codebook's evolution, as DOCX, Markdown or HTML from one document model (`document`),
one function per section."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from workbench.errors import WorkbenchError
from workbench.stats.appendix.base import AppendixOptions, AppendixStudy, read_study
from workbench.stats.appendix.codebook_section import CODEBOOK, codebook_section
from workbench.stats.appendix.document import Document, Section
from workbench.stats.appendix.evolution_section import EVOLUTION, evolution_section
from workbench.stats.appendix.process_section import PROCESS, process_section
from workbench.stats.appendix.saturation_section import SATURATION, saturation_section
from workbench.stats.appendix.study_section import STUDY, study_section
from workbench.stats.appendix.to_markdown import figure_files
from workbench.store.project import Project

# In order. A new section is one more function here.
SECTIONS: tuple[Callable[[AppendixStudy], Section], ...] = (
    study_section,
    codebook_section,
    process_section,
    saturation_section,
    evolution_section,
)
# (title, anchor) of each section, for links from the HTML report.
CONTENTS = (STUDY, CODEBOOK, PROCESS, SATURATION, EVOLUTION)
FORMATS = (".docx", ".md", ".html")

__all__ = [
    "CONTENTS",
    "FORMATS",
    "SECTIONS",
    "AppendixOptions",
    "build_appendix",
    "check_format",
    "figure_files",
    "render",
]


def build_appendix(
    project: Project,
    coders: Sequence[str] | None = None,
    options: AppendixOptions | None = None,
) -> Document:
    study = read_study(project, coders, options)
    title = f"Methods appendix: {study.title}"
    return Document(title, [section(study) for section in SECTIONS])


def check_format(suffix: str) -> str:
    """The format of an output file by its suffix (.docx, .md, .html)."""
    if suffix.lower() not in FORMATS:
        raise WorkbenchError(
            f"the appendix is written as {', '.join(FORMATS)}: name the file with one of "
            f"them, not '{suffix or '(no suffix)'}'"
        )
    return suffix.lower()


def render(document: Document, suffix: str, figure_prefix: str = "") -> str | bytes:
    """The document in the format of a file ending in `suffix`. DOCX and HTML hold their
    figures; Markdown links each to `figure_prefix` + its name (see `figure_files`)."""
    kind = check_format(suffix)
    if kind == ".docx":
        from workbench.stats.appendix.to_docx import docx

        return docx(document)
    if kind == ".md":
        from workbench.stats.appendix.to_markdown import markdown

        return markdown(document, figure_prefix)
    from workbench.stats.appendix.to_html import html

    return html(document)
