"""Names lose leading and trailing spaces wherever they come in (import, create, rename, coders,
attributes), and a name stored with them by an older version still survives an export and an
import of its codings."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from workbench.cli import main
from workbench.codebook import service
from workbench.codebook.files import load_codebook
from workbench.coding.actions import CoderActions
from workbench.coding.status import set_statuses
from workbench.errors import IngestError
from workbench.exchange.codings_csv import export_codings, import_codings
from workbench.exchange.merge import merge_project
from workbench.store.corpus_rows import coder_ids
from workbench.store.project import Project, coder_by_name
from workbench.store.snapshot import read_snapshot
from workbench.transcripts.attributes import import_attributes
from workbench.transcripts.importer import import_transcripts

FIXTURES = Path(__file__).parent / "fixtures"
INTERVIEW = "Interviewer: What is the mandate?\n\nRespondent: We deliver what states ask.\n"


@pytest.fixture
def interview(tmp_path: Path) -> Path:
    source = tmp_path / " t1 .txt"
    source.write_text(INTERVIEW, encoding="utf-8")
    return source


@pytest.fixture
def coded(project: Project, interview: Path) -> Project:
    service.load(project, load_codebook(FIXTURES / "codebooks" / "small.yaml"), "small.yaml")
    import_transcripts(project, [interview])
    return project


def test_transcript_names_from_stems_and_name_are_stripped(
    project: Project, interview: Path
) -> None:
    import_transcripts(project, [interview])
    import_transcripts(project, [interview], name="\tsecond  ")
    assert [t.name for t in project.transcripts()] == ["second", "t1"]
    with pytest.raises(IngestError, match="cannot be blank"):
        import_transcripts(project, [interview], name="   ")


def test_the_import_command_strips_name(sqlite_location: str, interview: Path) -> None:
    Project.init(sqlite_location).close()
    result = CliRunner().invoke(
        main, ["import", "-p", sqlite_location, "--name", " first ", str(interview)]
    )
    assert result.exit_code == 0, result.output
    with Project.open(sqlite_location) as project:
        assert [t.name for t in project.transcripts()] == ["first"]


def test_code_names_are_stripped_on_create_and_rename(coded: Project) -> None:
    assert service.create(coded, "  In vivo  ").path == "In vivo"
    assert service.create(coded, " Legitimation/  Quoted ").path == "Legitimation/Quoted"
    assert service.rename(coded, "In vivo", "\tVerbatim ", why="clearer") == "Verbatim"
    paths = {code.path for code in service.codes(coded)}
    assert {"Verbatim", "Legitimation/Quoted"} <= paths
    assert not any(part != part.strip() for path in paths for part in path.split("/"))


def test_coder_names_are_stripped(coded: Project) -> None:
    set_statuses(coded, ["t1"], "  dora ", "done")
    CoderActions(coded, " erik\t").apply("t1", "Funding", 0, 5)
    assert coded.coders() == ["dora", "erik"]


def test_attribute_names_and_values_are_stripped(coded: Project, tmp_path: Path) -> None:
    sheet = tmp_path / "attributes.csv"
    sheet.write_text("transcript, group ,year\n t1 ,  IOM official ,2016 \n", encoding="utf-8")
    import_attributes(coded, sheet)
    assert coded.transcript("t1").attributes == {"group": "IOM official", "year": "2016"}


def _spaced_names(project: Project) -> None:
    """What an older version stored as given: names with spaces around them."""
    with project.engine.begin() as connection:
        connection.execute(text("UPDATE transcript SET name = ' t1 '"))
        connection.execute(text("UPDATE code SET name = ' Funding ' WHERE name = 'Funding'"))


def test_names_stored_with_spaces_survive_an_export_and_an_import(
    sqlite_location: str, interview: Path, tmp_path: Path
) -> None:
    with Project.init(sqlite_location, actor="tester") as project:
        service.load(project, load_codebook(FIXTURES / "codebooks" / "small.yaml"), "small.yaml")
        import_transcripts(project, [interview])
        _spaced_names(project)
    copy = tmp_path / "copy.db"
    shutil.copy(sqlite_location, copy)  # the same study, not coded yet

    with Project.open(sqlite_location) as project:
        anna = CoderActions(project, "anna")
        funding = next(code.id for code in service.codes(project) if code.path == " Funding ")
        anna.apply(" t1 ", funding, 0, 5)  # by id, as the TUI applies codes
        anna.apply(" t1 ", "Normative claims", 6, 10)
        exported = export_codings(project)
        wanted = [(c.transcript, c.code, c.start, c.end) for c in project.codings()]
    assert "\n t1 ,anna, Funding ,0,5," in exported
    sheet = tmp_path / "codings.csv"
    sheet.write_text(exported, encoding="utf-8")
    attributes = tmp_path / "attributes.csv"
    attributes.write_text("transcript,group\n t1 ,IOM\n", encoding="utf-8")

    with Project.open(str(copy)) as project:
        assert import_codings(project, sheet).codings == 2
        assert [(c.transcript, c.code, c.start, c.end) for c in project.codings()] == wanted
        import_attributes(project, attributes)
        assert project.transcript(" t1 ").attributes == {"group": "IOM"}


def _spaced_coder(location: str, name: str) -> None:
    """What an older version stored as given: a coder's name with spaces around it."""
    with Project.open(location) as project, project.engine.begin() as connection:
        connection.execute(
            text("UPDATE coder SET name = :spaced WHERE name = :name"),
            {"spaced": f" {name} ", "name": name},
        )


def test_coder_by_name_strips_a_name_unless_one_is_stored_with_spaces(sample_db: str) -> None:
    _spaced_coder(sample_db, "ben")
    with Project.open(sample_db) as project, project.session() as session:
        anna = coder_by_name(session, "anna")
        assert coder_by_name(session, " anna\t").id == anna.id
        assert coder_by_name(session, " ben ").name == " ben "  # as an older version stored it
        assert coder_by_name(session, " carol ", create=True).name == "carol"
        assert coder_ids(session.connection(), [" anna ", "anna", "nobody "]) == {
            " anna ": anna.id,
            "anna": anna.id,
        }
    with Project.open(sample_db) as project:
        assert project.coders() == [" ben ", "anna", "carol"]


def test_cli_coder_options_strip_the_name(sample_db: str) -> None:
    runner = CliRunner()
    spaced = runner.invoke(main, ["codings", "export", "-p", sample_db, "--coder", " anna "])
    plain = runner.invoke(main, ["codings", "export", "-p", sample_db, "--coder", "anna"])
    assert (spaced.exit_code, spaced.stdout) == (0, plain.stdout)
    spaced = runner.invoke(main, ["counts", "-p", sample_db, "--coder", " anna "])
    plain = runner.invoke(main, ["counts", "-p", sample_db, "--coder", "anna"])
    assert (spaced.exit_code, spaced.stdout) == (0, plain.stdout)
    result = runner.invoke(
        main, ["reconcile", "-p", sample_db, "--coders", "anna,ben", "--into", " agreed "]
    )
    assert result.exit_code == 0, result.output
    with Project.open(sample_db) as project:
        assert "agreed" in project.coders()


def test_a_codings_sheet_strips_the_coder(coded: Project, tmp_path: Path) -> None:
    sheet = tmp_path / "codings.csv"
    sheet.write_text("transcript,coder,code,start,end\nt1,\t dora ,Funding,0,5\n", encoding="utf-8")
    assert import_codings(coded, sheet).coders_created == ["dora"]
    assert coded.coders() == ["dora"]


def test_a_merge_strips_coders_stored_with_spaces(sample_db: str, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    shutil.copy(sample_db, copy)
    with Project.open(str(copy)) as other:
        CoderActions(other, "dora").apply(other.transcripts()[0].name, "Legitimation", 0, 4)
    _spaced_coder(str(copy), "anna")
    _spaced_coder(str(copy), "dora")
    with Project.open(str(copy)) as other:
        snapshot = read_snapshot(other)
    with Project.open(sample_db) as project:
        report = merge_project(project, snapshot, str(copy))
        assert (report.added["coder"], report.matched["coder"]) == (1, 2)
        assert project.coders() == ["anna", "ben", "dora"]
