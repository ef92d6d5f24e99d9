"""The report commands: files a reader can open, one-line errors, a UI-free core."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from tests.cli_project import make_project
from tests.cli_project import run as run_cli
from tests.csv_cells import AWKWARD, read_csv
from workbench.cli import main
from workbench.store.project import Project

STATS = Path(__file__).parent / "fixtures" / "stats"

THEMES = ["Legitimation", "Protection", "Funding", "Old"]


@pytest.fixture(scope="module")
def study(stats_study: Project) -> Project:
    return stats_study


def run(study: Project, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [*args, "-p", study.location])
    return result.exit_code, result.stdout, result.stderr


def test_the_stats_core_imports_no_ui_and_no_matplotlib_until_drawing() -> None:
    probe = (
        "import sys\n"
        "import workbench.stats.frequencies, workbench.stats.segments, workbench.stats.citations\n"
        "import workbench.stats.charts, workbench.stats.report\n"
        "print(sorted(m for m in ('textual', 'click', 'rich', 'matplotlib') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_counts_show_an_aligned_table_without_csv(study: Project) -> None:
    _, out, _ = run(study, "counts", "--level", "theme")
    counted, *lines = out.splitlines()
    assert counted.startswith("coding counted: anna, ben (every coder pooled: ")
    assert lines[0].split() == ["theme", "code", "coder", "segments", "transcripts", "words"]
    assert lines[1].split() == ["Legitimation", "anna", "5", "2", "11"]
    assert len({len(line) for line in lines[1:]}) == 1  # numbers right-aligned to one edge


def test_chart_png_is_a_decodable_image(study: Project, tmp_path: Path) -> None:
    from PIL import Image

    out = tmp_path / "themes.png"
    code, _, err = run(study, "chart", "--by", "group", "--out", str(out))
    assert (code, err) == (0, f"wrote {out}\n")
    assert out.stat().st_size > 0
    with Image.open(out) as image:
        image.load()
        assert image.format == "PNG"
        assert image.width > 300 and image.height > 200


def test_chart_svg_holds_the_theme_names_as_text(study: Project, tmp_path: Path) -> None:
    out = tmp_path / "codes.svg"
    assert run(study, "chart", "--level", "code", "--measure", "words", "--out", str(out))[0] == 0
    root = ET.parse(out).getroot()
    assert root.tag.endswith("svg")
    texts = "".join(root.itertext())
    for code in ["Legitimation/Normative", "Protection/UNHCR", "Funding", "anna", "ben"]:
        assert code in texts


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.links += [value or "" for name, value in attrs if name in ("src", "href")]


def test_report_is_one_self_contained_page(study: Project, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    code, _, err = run(study, "report", "--out", str(out))
    assert (code, err) == (0, f"wrote {out}\n")
    page = out.read_text(encoding="utf-8")
    for theme in THEMES:
        assert f"<td>{theme}</td>" in page
    assert "&lt;laughs&gt;" in page and "<laughs>" not in page  # transcript text escaped
    assert "&lt;norms&gt;" in page  # and codebook text
    parser = Tags()
    parser.feed(page)
    assert "svg" in parser.tags  # the chart, inline
    assert not {"script", "link", "iframe", "img"} & set(parser.tags)
    assert [link for link in parser.links if not link.startswith("#")] == []  # nothing fetched


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["counts", "--by", "region"], "no attribute 'region' in this project"),
        (["counts", "--coder", "zed"], "no coder named 'zed'"),
        (["segments", "--code", "Nothing"], "no code 'Nothing' in the codebook"),
        (["segments", "--code", "Funding", "--csv", "a.csv", "--md", "b.md"], "choose --csv"),
        (["cite", "--code", "Protection/UNHCR", "--coder", "ben"], "no codings of"),
        (["cite", "--format", "{who}"], "unknown field {who} in --format"),
        (["cite", "--plural", "expert"], "--plural takes LABEL=PLURAL"),
        (["cite", "--format", "{groups:d}"], "invalid --format template: Unknown format code"),
        (["cite", "--format", "{groups!z}"], "invalid --format template"),
        (["codings", "export", "--csv", "/no/such/folder/c.csv"], "cannot write /no/such"),
        (["codebook", "export", "--out", "/no/such/folder/c.yaml"], "cannot write /no/such"),
        (["cite", "--year-attr", "date"], "no attribute 'date' in this project (have: group, num"),
        (["cite", "--year-attr", "date"], "name the one to use with --year-attr"),
        (["chart", "--out", "chart.gif"], "chart files end in .png or .svg"),
        (["report", "--out", "r.html", "--quotes", "-1"], "--quotes must be 0 or more"),
        (["report", "--out", "r.html", "--by", "region"], "no attribute 'region'"),
        (["report", "--out", "r.html", "--group-attr", "role"], "use with --group-attr"),
        (["matrix", "--csv", "/no/such/folder/m.csv"], "cannot write /no/such/folder/m.csv"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(study: Project, args: list[str], message: str) -> None:
    code, _, err = run(study, *args)
    assert code == 2
    assert err.startswith("error: ") and message in err
    assert len(err.splitlines()) == 1


def test_cite_options(study: Project) -> None:
    code, out, _ = run(
        study, "cite", "--code", "Protection", "--group-attr", "year", "--format", "{groups}."
    )
    assert (code, out) == (0, "2016 4 (2016); 2019 13 (2019).\n")
    code, out, _ = run(study, "cite", "--code", "Funding", "--plural", "IOM official=IOM staff")
    assert out == "Interviews, IOM staff 1, 3 (2015)\n"


def test_report_of_one_coder_without_attributes(sqlite_location: str, tmp_path: Path) -> None:
    import pandas as pd

    from workbench.codebook import service
    from workbench.codebook.files import load_codebook
    from workbench.exchange.codings_csv import import_codings
    from workbench.stats.report import ReportOptions, build_report
    from workbench.transcripts.importer import import_transcripts

    codings = tmp_path / "codings.csv"
    codings.write_text("transcript,coder,code,start,end\niom_01,zoe,Funding,134,154\n")
    with Project.init(sqlite_location) as project:
        service.load(project, load_codebook(STATS / "codebook.yaml"), "codebook.yaml")
        import_transcripts(project, [STATS / "iom_01.txt"])
        import_codings(project, codings)
        page = build_report(project, options=ReportOptions(chart=False))
        given = pd.DataFrame({"code": ["Funding"], "cohen_kappa": [0.5]})
        with_table = build_report(project, options=ReportOptions(chart=False), agreement=given)
    assert 'id="agreement"' not in page  # one coder: nothing to agree on
    assert 'id="by-' not in page  # no group attribute: no crosstab
    assert "<footer>— iom_01, Respondent; coded by zoe</footer>" in page
    assert "<th>cohen_kappa</th>" in with_table and '<td class="n">0.5000</td>' in with_table


def test_attributes_named_like_columns_are_refused(sqlite_location: str, tmp_path: Path) -> None:

    from workbench.codebook import service
    from workbench.codebook.files import load_codebook
    from workbench.errors import WorkbenchError
    from workbench.store import models as m
    from workbench.transcripts.attributes import import_attributes
    from workbench.transcripts.importer import import_transcripts

    attributes = tmp_path / "attributes.csv"
    attributes.write_text("transcript,coder,speaker\niom_01,x,y\n")
    with Project.init(sqlite_location) as project:
        service.load(project, load_codebook(STATS / "codebook.yaml"), "codebook.yaml")
        import_transcripts(project, [STATS / "iom_01.txt"])
        with pytest.raises(WorkbenchError, match="'coder' cannot be an attribute"):
            import_attributes(project, attributes)
        # A project from before the import refused them: the reports refuse them too.
        with project.session() as session:
            (transcript,) = session.scalars(select(m.Transcript))
            for name in ("coder", "speaker"):
                session.add(m.Attribute(transcript_id=transcript.id, name=name, value="x"))
    for args, message in [
        (["counts", "--by", "coder"], "attribute 'coder' has the name of a column"),
        (["counts", "--by", "speaker", "--by", "speaker"], "each attribute can be given once"),
        (["segments", "--code", "Funding"], "attribute 'coder' has the name of a column"),
    ]:
        result = CliRunner().invoke(main, [*args, "-p", sqlite_location])
        assert result.exit_code == 2 and message in result.stderr, result.output


def test_chart_panels_share_one_scale(study: Project) -> None:
    """anna's and ben's panels: a bar of the same length is the same number in both."""
    from workbench.stats.charts import chart_figure
    from workbench.stats.data import load_study
    from workbench.stats.frequencies import counts

    table = counts(load_study(study), "theme", ["group"])
    maxima = table.groupby("coder")["segments"].max()
    assert maxima["anna"] != maxima["ben"]  # else one scale would be no test
    figure = chart_figure(table, ["group"], "segments", caption="coding counted: anna, ben")
    panels = [axis for axis in figure.axes if axis.get_title().startswith("coder ")]
    assert len(panels) == 2
    assert panels[0].get_xlim() == panels[1].get_xlim()
    assert panels[0].get_xlim()[1] >= maxima.max()


def test_segments_csv_reads_back_memos_holding_line_ends_quotes_and_commas(
    tmp_path: Path,
) -> None:
    db = make_project(tmp_path)
    for n, memo in enumerate(AWKWARD):
        added = run_cli("codings", "add", "-p", db, "--coder", "anna", "t2", str(n), str(n + 5),
                        "Funding", "--memo", memo)  # fmt: skip
        assert added[0] == 0, added[2]
    out = tmp_path / "segments.csv"
    assert run_cli("segments", "-p", db, "--code", "Funding", "--csv", str(out))[0] == 0
    header, *rows = read_csv(out)
    assert [row[header.index("memo")] for row in rows] == list(AWKWARD)
    assert all(len(row) == len(header) for row in rows)
