"""The methods appendix of the sample study in Markdown (golden), DOCX and HTML, its figures as
DataFrames, the consensus story after `reconcile`, and the report's links to it."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document as open_docx

from workbench.agreement.disagreements import disagreements
from workbench.agreement.reconcile import accept, reconcile
from workbench.cli import main
from workbench.stats.appendix import CONTENTS, build_appendix, render
from workbench.stats.appendix.document import Paragraph, Table
from workbench.stats.appendix.figures import (
    code_counts,
    coder_work,
    interviews,
    interviews_by_group_and_year,
    settlements,
)
from workbench.stats.data import load_study
from workbench.stats.report import ReportOptions, build_report
from workbench.store.project import Project

SECTION_TITLES = [title for title, _anchor in CONTENTS]
STAMP = re.compile(r"\d{4}-\d{2}-\d{2}( \d{2}:\d{2})?")


def _undated(text: str) -> str:
    """The audit log's dates are when the fixture was built: the same text any day."""
    return STAMP.sub(lambda found: "YYYY-MM-DD hh:mm" if found[1] else "YYYY-MM-DD", text)


def test_markdown_of_the_sample_study_is_golden(
    sample_db: str, golden: Callable[[str, bytes], None]
) -> None:
    with Project.open(sample_db) as project:
        text = render(build_appendix(project), ".md")
    assert isinstance(text, str)
    golden("appendix_sample.md", _undated(text).encode("utf-8"))


def test_docx_has_real_headings_and_the_codebook_table(sample_db: str) -> None:
    with Project.open(sample_db) as project:
        data = render(build_appendix(project), ".docx")
    assert isinstance(data, bytes)
    document = open_docx(io.BytesIO(data))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style is not None]
    assert ("Title", "Methods appendix: IOM mandate and obligations") in headings
    assert [text for style, text in headings if style == "Heading 1"] == SECTION_TITLES
    level2 = [text for style, text in headings if style == "Heading 2"]
    assert {"Legitimation", "Accountability", "Coders", "Agreement"} <= set(level2)
    assert ("Heading 3", "Normative claims") in headings
    codebook = next(t for t in document.tables if t.rows[0].cells[0].text == "code")
    header = [cell.text for cell in codebook.rows[0].cells]
    assert header[:3] == ["code", "codings", "interviews"]
    assert "IOM official" in header
    first = [cell.text for cell in codebook.rows[1].cells]
    assert first[:3] == ["Legitimation", "51", "8"]
    assert codebook.rows[2].cells[0].text == "\u2003Normative claims"
    assert len(codebook.rows) == 1 + 21  # a row per code
    # The header row repeats on every page the table runs over.
    assert 'w:tblHeader w:val="true"' in codebook.rows[0]._tr.xml


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is absent")
def test_libreoffice_converts_the_docx_to_pdf(sample_db: str, tmp_path: Path) -> None:
    with Project.open(sample_db) as project:
        data = render(build_appendix(project), ".docx")
    source = tmp_path / "appendix.docx"
    source.write_bytes(data if isinstance(data, bytes) else data.encode())
    profile = (tmp_path / "profile").as_uri()  # its own profile: no clash with a running one
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    pdf = (tmp_path / "appendix.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    assert pdf.count(b"/Type /Page") + pdf.count(b"/Type/Page") > 5


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.links: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        found = dict(attrs)
        if found.get("id"):
            self.ids.append(str(found["id"]))
        if tag == "a" and found.get("href"):
            self.links.append(str(found["href"]))


def test_html_is_self_contained_with_linked_sections(sample_db: str) -> None:
    with Project.open(sample_db) as project:
        page = render(build_appendix(project), ".html")
    assert isinstance(page, str)
    parser = _Ids()
    parser.feed(page)
    anchors = [anchor for _title, anchor in CONTENTS]
    assert set(anchors) <= set(parser.ids)
    assert parser.links == [f"#{anchor}" for anchor in anchors]
    assert not {"script", "link"} & parser.tags  # figures are data: see test_appendix_figures
    assert "<h2>The codebook</h2>" in page and "<caption>Codes: codings and interviews" in page


def test_the_report_links_to_the_appendix_sections(sample_db: str) -> None:
    with Project.open(sample_db) as project:
        page = build_report(project, options=ReportOptions(appendix="appendix.html"))
        plain = build_report(project)
    parser = _Ids()
    parser.feed(page)
    assert [link for link in parser.links if link.startswith("appendix.html")] == [
        f"appendix.html#{anchor}" for _title, anchor in CONTENTS
    ]
    assert "appendix.html" not in plain


def test_figures_are_dataframes_counted_by_hand(sample_db: str) -> None:
    with Project.open(sample_db) as project:
        data = load_study(project, prefer_consensus=True)
        table = interviews_by_group_and_year(data).set_index("group")
        assert table.loc["IOM official", "2016"] == 2
        assert table.loc["IOM official", "Total"] == 3
        assert table.loc["Total", "Total"] == 8
        listed = interviews(data)
        assert listed["transcript"].tolist()[:5] == ["hr_05", "ex_02", "iom_03", "iom_13", "iom_17"]
        counts = code_counts(data)
        legit = counts[(counts["code"] == "Legitimation") & (counts["group"] == "Total")]
        own = data.codings["code_id"].isin(data.subtree("Legitimation"))
        assert legit["codings"].item() == int(own.sum())
        by_group = counts[(counts["code"] == "Legitimation") & (counts["group"] != "Total")]
        assert by_group["codings"].sum() == legit["codings"].item()
        work = coder_work(project, ["anna", "ben"])
        assert len(work) == 16 and set(work["status"]) == {"done"}
        assert settlements(project).empty


def test_after_reconcile_the_process_says_how_and_counts_the_consensus(sample_db: str) -> None:
    with Project.open(sample_db) as project:
        done = reconcile(project, ["anna", "ben"])
        document = build_appendix(project)
        events = settlements(project)
    assert events[["action", "coders", "unit", "agreed"]].values.tolist() == [
        ["reconcile", "anna,ben", "utterance", done.agreed]
    ]
    process = document.sections[2]
    texts = [block.text for block in process.blocks if isinstance(block, Paragraph)]
    story = f"the {done.agreed} utterance decisions that anna, ben agreed on"
    assert any(story in text for text in texts)
    assert "No disagreement was settled by hand." in texts
    codebook = document.sections[1]
    notes = [b.text for b in codebook.blocks if isinstance(b, Paragraph) and b.note]
    assert notes[0].startswith("Counts: codings of the code and of the codes below it by consensus")


def test_disagreements_settled_by_hand_are_counted_per_code_and_choice(sample_db: str) -> None:
    with Project.open(sample_db) as project:
        reconcile(project, ["anna", "ben"])
        found = disagreements(project, ["anna", "ben"], "utterance")
        same_code = [d for d in found if d.code == found[0].code][:2]
        other = next(d for d in found if d.code != found[0].code)
        accept(project, same_code[0], ["anna"])
        accept(project, same_code[1], [])
        accept(project, other, ["anna", "ben"])
        process = build_appendix(project).sections[2]
    texts = [block.text for block in process.blocks if isinstance(block, Paragraph)]
    assert any(text.startswith("3 disagreements were then settled one by one") for text in texts)
    table = next(b for b in process.blocks if isinstance(b, Table) and "by hand" in b.caption)
    rows = table.frame.set_index("code")
    assert list(rows.columns) == ["settled", "anna", "anna and ben", "neither"]
    assert rows.loc[found[0].code].tolist() == [2, 1, 0, 1]
    assert rows.loc[other.code].tolist() == [1, 0, 1, 0]


def test_cli_writes_each_format_and_refuses_another_in_one_line(
    sample_db: str, tmp_path: Path
) -> None:
    for suffix in (".md", ".docx", ".html"):
        out = tmp_path / f"appendix{suffix}"
        result = CliRunner().invoke(main, ["appendix", "-p", sample_db, "--out", str(out)])
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 1000
    bad = tmp_path / "appendix.pdf"
    result = CliRunner().invoke(main, ["appendix", "-p", sample_db, "--out", str(bad)])
    assert result.exit_code == 2
    assert result.stderr == (
        "error: the appendix is written as .docx, .md, .html: name the file with one of them, "
        "not '.pdf'\n"
    )
    assert not bad.exists()


def test_the_hand_counted_study_reads_alike_on_each_backend(
    stats_study_each_backend: Project, golden: Callable[[str, bytes], None]
) -> None:
    """Retired codes keep their place and say so; a merged code without codings is left
    out; one coder's codings are counted without an agreement table."""
    text = render(build_appendix(stats_study_each_backend), ".md")
    assert isinstance(text, str)
    golden("appendix_stats.md", _undated(text).encode("utf-8"))
    assert "### Old (retired)" in text
    codebook = text.split('<a id="saturation">')[0]
    assert "Dup" not in codebook  # only the codebook's history names it
    assert "| merged | Dup |  | Funding | 1 | a duplicate of Funding |" in text
