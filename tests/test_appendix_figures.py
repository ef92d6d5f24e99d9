"""The appendix's saturation and codebook-evolution sections: their tables counted by hand, the
figures embedded in DOCX and HTML and written beside the Markdown, all or nothing."""

from __future__ import annotations

import base64
import io
from html.parser import HTMLParser
from pathlib import Path

from click.testing import CliRunner
from docx import Document as open_docx
from test_codebook_evolution import scripted

from workbench.cli import main
from workbench.stats.appendix import AppendixOptions, build_appendix, figure_files, render
from workbench.stats.appendix.base import read_study
from workbench.stats.appendix.document import Image, Paragraph, Section, Table
from workbench.stats.appendix.evolution_section import evolution_section
from workbench.stats.appendix.saturation_section import saturation_section
from workbench.stats.appendix.to_docx import FIGURE_HEIGHT, TEXT_WIDTH, _widths
from workbench.stats.saturation import SaturationRule
from workbench.store.project import Project

PNG = b"\x89PNG\r\n\x1a\n"
FIGURES = ["saturation.png", "saturation-by-group.png", "codebook-evolution.png"]
# A rule the sample's groups can meet (IOM official: 3 interviews), so every figure is drawn.
SMALL_RULE = AppendixOptions(saturation=SaturationRule(base=2, run=1))


def _tables(section: Section) -> dict[str, Table]:
    return {block.caption: block for block in section.blocks if isinstance(block, Table)}


def test_saturation_of_the_sample_study_counted_by_hand(sample_db: str) -> None:
    """In the order they were conducted (by year, ties by name: ms_01, iom_03, iom_13, ...)
    the interviews add 20 codes, then 1, then none: the base (4 interviews) holds all 21, and
    the first run after it (5-6) adds nothing: 4+2. No group has 4+2 interviews: one sentence
    says so, not six "not reached" rows, and there is no per-group figure."""
    with Project.open(sample_db) as project:
        section = saturation_section(read_study(project))
        text = render(build_appendix(project), ".md")
    tables = _tables(section)
    points = tables["Saturation point"].frame
    assert points.values.tolist()[0][:5] == ["all interviews", 8, 21, 21, "4+2"]
    assert len(points) == 1
    sentences = [b.text for b in section.blocks if isinstance(b, Paragraph)]
    assert (
        "Saturation is not assessed per group: too few interviews per group for a base of 4 "
        "and a run of 2 (at most 3 interviews, IOM official)." in sentences
    )
    per = tables["New codes per interview, and the run that starts at each"].frame
    assert per["transcript"].tolist()[:4] == ["ms_01", "iom_03", "iom_13", "un_02"]
    assert per["new"].tolist() == [20, 1, 0, 0, 0, 0, 0, 0]
    assert per["run"].tolist()[4:7] == ["5-6", "6-7", "7-8"]
    assert per["met"].tolist() == ["", "", "", "", "yes", "yes", "yes", ""]
    assert [b.name for b in section.blocks if isinstance(b, Image)] == FIGURES[:1]
    assert isinstance(text, str) and "PLOS ONE 15(5): e0232076" in text


def test_per_group_points_when_a_group_has_interviews_enough(sample_db: str) -> None:
    """A base of 2 and a run of 1 fit the 3 IOM officials (iom_03 17 codes, iom_13 adds 1,
    iom_17 none: 2+1): every group gets its row again, and the per-group figure."""
    with Project.open(sample_db) as project:
        section = saturation_section(read_study(project, options=SMALL_RULE))
    points = _tables(section)["Saturation point, overall and per group"].frame
    points = points.set_index("group")
    assert len(points) == 1 + 6
    assert points.loc["IOM official", "saturation"] == "2+1"
    assert points.loc["member state official", "saturation"] == "not reached"
    assert not any("not assessed" in getattr(block, "text", "") for block in section.blocks)
    assert [b.name for b in section.blocks if isinstance(b, Image)] == FIGURES[:2]


def test_saturation_in_the_order_of_an_attribute(sample_db: str) -> None:
    with Project.open(sample_db) as project:
        section = saturation_section(read_study(project, options=AppendixOptions(order="year")))
    per = _tables(section)["New codes per interview, and the run that starts at each"].frame
    assert per["year"].tolist() == sorted(per["year"].tolist())
    assert any("by year" in getattr(block, "text", "") for block in section.blocks)


def test_evolution_names_who_why_and_in_vivo(project: Project, tmp_path: Path) -> None:
    scripted(project, tmp_path)
    section = evolution_section(read_study(project))
    tables = _tables(section)
    kinds = tables["Changes by kind"].frame.set_index("change")
    assert kinds["changes"].to_dict() == {
        "loaded": 1, "created": 1, "created in vivo": 1, "renamed": 1, "moved": 1, "split": 1,
        "merged": 1, "retired": 1,
    }  # fmt: skip
    assert kinds.at["loaded", "codes"] == 6  # one load of six codes: one change
    growth = section.blocks[0]
    assert isinstance(growth, Paragraph)
    assert (
        ": one codebook load (6 codes from small.yaml); 2 codes created one by one (1 of them "
        "in vivo, from a passage while coding); 5 other changes." in growth.text
    )
    changes = tables["Every change to the codebook, oldest first"].frame
    vivo = changes[changes["change"] == "created in vivo"]
    assert vivo[["who", "code", "why"]].values.tolist() == [
        ["tester", "Finance/Earmarking", "in-vivo code while coding"]
    ]
    renamed = changes[changes["change"] == "renamed"].iloc[0]
    assert (renamed["was"], renamed["to"], renamed["codings"]) == ("Funding", "Finance", 3)
    (image,) = [block for block in section.blocks if isinstance(block, Image)]
    assert image.png.startswith(PNG) and image.name == "codebook-evolution.png"


def test_an_empty_project_says_so_in_both_sections(project: Project) -> None:
    study = read_study(project)
    assert "not reached" in str(saturation_section(study).blocks[-1])
    assert "no change to the codebook" in str(evolution_section(study).blocks[0])


def test_docx_embeds_the_figures_under_the_new_headings(sample_db: str) -> None:
    with Project.open(sample_db) as project:
        data = render(build_appendix(project, options=SMALL_RULE), ".docx")
    assert isinstance(data, bytes)
    document = open_docx(io.BytesIO(data))
    headings = [p.text for p in document.paragraphs if p.style and p.style.name == "Heading 1"]
    assert headings[-2:] == ["Saturation", "Codebook evolution"]
    shapes = document.inline_shapes
    assert len(shapes) == 3
    for shape in shapes:
        assert 0 < shape.height <= FIGURE_HEIGHT
    rels = document.part.rels.values()
    images = [rel.target_part.blob for rel in rels if rel.reltype.endswith("/image")]
    assert len(images) == 3 and all(blob.startswith(PNG) for blob in images)
    captions = [p.text for p in document.paragraphs if p.style and p.style.name == "Caption"]
    assert any(text.startswith("Cumulative codes per interview") for text in captions)
    assert any(text.startswith("Codebook timeline") for text in captions)


class _Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.sources: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        if tag == "img":
            self.sources.append(str(dict(attrs).get("src")))


def test_html_embeds_the_figures_as_data(sample_db: str) -> None:
    with Project.open(sample_db) as project:
        page = render(build_appendix(project, options=SMALL_RULE), ".html")
    assert isinstance(page, str)
    parser = _Images()
    parser.feed(page)
    assert not {"script", "link"} & parser.tags
    assert len(parser.sources) == 3
    prefix = "data:image/png;base64,"
    for source in parser.sources:
        assert source.startswith(prefix)
        assert base64.b64decode(source.removeprefix(prefix)).startswith(PNG)
    assert page.count("<figcaption>") == 3
    assert '<section id="saturation">' in page and '<section id="codebook-evolution">' in page


def test_markdown_links_the_pngs_written_beside_it(sample_db: str, tmp_path: Path) -> None:
    out = tmp_path / "methods.md"
    args = ["appendix", "-p", sample_db, "--out", str(out), "--base", "2", "--run", "1"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    for name in FIGURES:
        assert f"](methods-{name})" in text
        assert (tmp_path / f"methods-{name}").read_bytes().startswith(PNG)
    with Project.open(sample_db) as project:
        files = figure_files(build_appendix(project, options=SMALL_RULE), "methods-")
    assert sorted(files) == sorted(f"methods-{name}" for name in FIGURES)


def test_markdown_refuses_before_writing_anything(sample_db: str, tmp_path: Path) -> None:
    """A figure's file exists already: without --force nothing is written, not even the .md."""
    (tmp_path / "methods-codebook-evolution.png").write_bytes(b"mine")
    out = tmp_path / "methods.md"
    result = CliRunner().invoke(main, ["appendix", "-p", sample_db, "--out", str(out)])
    assert result.exit_code == 2
    assert "methods-codebook-evolution.png exists already; pass --force" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "methods-codebook-evolution.png", "sample.db",
    ]  # fmt: skip
    forced = ["appendix", "-p", sample_db, "--out", str(out), "--force"]
    assert CliRunner().invoke(main, forced).exit_code == 0
    assert (tmp_path / "methods-codebook-evolution.png").read_bytes().startswith(PNG)


def test_an_unknown_order_attribute_is_one_line(sample_db: str, tmp_path: Path) -> None:
    out = tmp_path / "a.html"
    args = ["appendix", "-p", sample_db, "--out", str(out), "--order", "nope"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert "nope" in result.stderr
    assert not out.exists()


def test_a_wide_docx_table_squeezes_only_its_widest_columns() -> None:
    """Short names and numbers keep their width; the long text columns share the rest."""
    headers = ["when", "who", "code", "why", "codings"]
    rows = [["2026-01-05 10:00", "tester", "x" * 60, "y" * 80, "3"]] * 3
    widths = _widths(headers, rows)
    assert sum(widths) <= TEXT_WIDTH
    unsqueezed = _widths(headers[:2] + headers[4:], [r[:2] + r[4:] for r in rows])
    assert [widths[0], widths[1], widths[4]] == unsqueezed
    assert widths[2] == widths[3] > widths[0]
