"""What is typed at entry (coder names, reasons, new names, definitions) passes the import gate,
with the study's phone regions; a refusal is one line naming the argument and changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli_project import make_project, refused, run
from tests.conftest import reads_of
from workbench.anonymise.gate import FieldScreen, project_fields, screen_text
from workbench.anonymise.settings import StudySettings, set_study_settings, study_settings
from workbench.coding.desk import CoderDesk
from workbench.errors import AnonymisationError
from workbench.store.project import Project, coder_by_name
from workbench.transcripts.importer import import_transcripts
from workbench.tui.app import make_app
from workbench.tui.screens.coder_prompt import CoderPrompt

# A Norwegian landline as written at home: no country code, a valid number only in NO.
NORWEGIAN = "21 23 45 67"


@pytest.fixture
def db(tmp_path: Path) -> str:
    return make_project(tmp_path)


def counts(db: str) -> dict[str, int]:
    with Project.open(db) as project:
        return project.row_counts()


def coded(db: str) -> None:
    args = ("codings", "add", "-p", db, "--coder", "anna", "t1", "13", "33", "Funding")
    assert run(*args)[0] == 0


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (
            ("codings", "add", "--coder", "ana.silva@unige.ch", "t1", "13", "33", "Funding"),
            ["coder: the coder name holds e-mail address"],
        ),
        (
            ("codebook", "rename", "Funding", "Money", "--why", "as +41 22 717 91 11 asked"),
            ["--why: the reason holds phone number"],
        ),
        (
            ("codebook", "rename", "Funding", "see www.example.org", "--why", "clearer"),
            ["NEW_NAME: the code name holds URL"],
        ),
        (("codebook", "retire", "Funding", "--why", "ask j.doe@un.org"), ["--why:", "e-mail"]),
        (
            ("codebook", "merge", "Protection DNA", "Funding", "--why", "see 10.0.12.7"),
            ["--why:", "IP address"],
        ),
        (
            ("codebook", "add", "Donors", "--description", "as 756.1234.5678.97 says"),
            ["--description:", "ID number"],
        ),
        (
            ("codebook", "split", "Funding", "Earmarks", "--move-if", "ear", "--why", "x@y.org"),
            ["--why:", "e-mail"],
        ),
        (("transcripts", "rename", "t1", "call_maria.k@gmail.com"), ["NEW:", "e-mail"]),
        (("transcripts", "mark", "--coder", "+41 22 717 91 11", "t1"), ["--coder:", "phone"]),
        (("transcripts", "remove", "t2", "--why", "maria.k@gmail.com asked"), ["--why:", "e-mail"]),
        (
            ("reconcile", "--coders", "anna,ben", "--into", "soren@iom.int"),
            ["--into:", "e-mail"],
        ),
    ],
)
def test_typed_identifiers_are_refused_in_one_line(
    db: str, args: tuple[str, ...], words: list[str]
) -> None:
    coded(db)
    before = counts(db)
    refused(run(*args, "-p", db), *words)
    assert counts(db) == before


def test_the_reason_without_identifiers_is_logged_as_typed(db: str) -> None:
    why = "folded into Legitimation"
    assert run("codebook", "retire", "-p", db, "Funding", "--why", why)[0] == 0
    with Project.open(db) as project:
        assert project.events("codebook.retire")[-1].why == "folded into Legitimation"


def test_a_coder_name_with_a_phone_number_is_refused_by_the_core(db: str) -> None:
    with Project.open(db) as project:
        with pytest.raises(AnonymisationError, match=r"^coder: the coder name holds phone"):
            CoderDesk(project, "anna +41 22 717 91 11")
        assert project.coders() == []


def test_a_coder_stored_before_the_gate_can_still_code(db: str) -> None:
    """A name already in the project is not refused again: that would only lock its coder
    out (`anonymise replace` is the way to rename it)."""
    old = "anna +41 22 717 91 11"
    with Project.open(db) as project:
        with project.session() as session:
            coder_by_name(session, old, create=True)  # as an older version stored it
        desk = CoderDesk(project, old)
        desk.actions.set_transcript_memo(project.transcripts()[0].name, "first read")
        assert project.coders() == [old]


async def test_the_tui_prompt_asks_again_for_a_coder_name_with_an_e_mail(db: str) -> None:
    app = make_app(db, None)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*"ana@unige.ch", "enter", "y")
        await pilot.pause()
        assert isinstance(app.screen, CoderPrompt)
        assert app.desk is None
    with Project.open(db) as project:
        assert project.coders() == []


def test_merging_a_copy_whose_coder_name_holds_an_e_mail_is_refused(tmp_path: Path) -> None:
    (tmp_path / "lead").mkdir()
    lead = make_project(tmp_path / "lead")
    copy = tmp_path / "copy.db"
    copy.write_bytes(Path(lead).read_bytes())
    # What an older version let in: the coder's name went straight to the store.
    with Project.open(str(copy)) as project, project.session() as session:
        coder_by_name(session, "ana.silva@unige.ch", create=True)
    before = counts(lead)
    refused(run("merge", "-p", lead, str(copy)), "(coder name): e-mail address", "copy")
    assert counts(lead) == before


def test_the_study_regions_reach_every_gate(db: str, tmp_path: Path) -> None:
    text = f"Interviewer: Where?\n\nRespondent: Ring me on {NORWEGIAN} after six.\n"
    assert screen_text(text, None, "x").findings == []  # not a number of the default regions
    with Project.open(db) as project:
        set_study_settings(project, regions=["NO"])
        assert [f.kind for f in project_fields(project).findings] == []
        fields = project_fields(project)
        fields.text(f"call {NORWEGIAN}", "memo")
        assert [f.kind for f in fields.findings] == ["phone"]
        (tmp_path / "oslo.txt").write_text(text, encoding="utf-8")
        before = project.row_counts()
        with pytest.raises(AnonymisationError, match=r"oslo.txt:3: phone number"):
            import_transcripts(project, [tmp_path / "oslo.txt"])
        assert project.row_counts() == before
    refused(run("codebook", "retire", "-p", db, "Funding", "--why", f"ring {NORWEGIAN}"), "phone")
    (tmp_path / "attributes.csv").write_text(f"transcript,contact\nt1,{NORWEGIAN}\n")
    refused(run("attributes", "import", "-p", db, str(tmp_path / "attributes.csv")), "phone number")
    (tmp_path / "book.yaml").write_text(
        f"name: B\ncodes:\n  - name: Calls\n    description: the office, {NORWEGIAN}\n"
    )
    refused(run("codebook", "load", "-p", db, str(tmp_path / "book.yaml")), "book.yaml:3: phone")
    assert FieldScreen(None, ("NO",)).text(NORWEGIAN, "x") == NORWEGIAN


def test_the_login_name_the_log_records_passes_the_gate(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With no coder given the log names the login (or $WORKBENCH_USER), as typed by no one
    # but stored all the same, and shown in the methods appendix: the gate screens it.
    monkeypatch.setenv("WORKBENCH_USER", "maria.k@unige.ch")
    before = counts(db)
    refused(run("codebook", "add", "-p", db, "Donors"), "WORKBENCH_USER", "e-mail address")
    assert counts(db) == before
    assert run("transcripts", "list", "-p", db)[0] == 0  # a read names no one: not screened
    new = tmp_path / "new.db"
    refused(run("init", "-p", str(new)), "WORKBENCH_USER", "e-mail address")
    assert not new.exists()
    monkeypatch.setenv("WORKBENCH_USER", "maria")
    assert run("codebook", "add", "-p", db, "Donors")[0] == 0
    with Project.open(db) as project:
        assert project.events()[-1].actor == "maria"


def test_the_study_settings_are_read_in_one_query(db: str, statements: list[str]) -> None:
    with Project.open(db) as project:
        set_study_settings(project, roles=["Nurse"], regions=["no", "CH"])
        statements.clear()
        settings = study_settings(project)
    assert settings == StudySettings(frozenset(), frozenset({"nurse"}), ("NO", "CH"))
    assert reads_of("setting", statements) == 1
