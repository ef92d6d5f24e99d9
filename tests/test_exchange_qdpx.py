"""REFI-QDA exchange of whole projects: export validates, a round trip gives the project back,
bad archives change nothing."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from workbench.cli import main
from workbench.codebook import service
from workbench.coding.actions import CoderActions
from workbench.domain import ProjectSnapshot
from workbench.exchange.merge import merge_project
from workbench.exchange.qdpx_files import export_qdc, export_qdpx, import_qdpx
from workbench.exchange.refi.validate import validate_codebook, validate_project
from workbench.store.project import Project
from workbench.store.snapshot import read_snapshot

REFI = Path(__file__).parent / "fixtures" / "refi"


def content(snapshot: ProjectSnapshot) -> dict[str, object]:
    """What a round trip must give back: texts byte for byte, the codebook, coders, codings
    with their offsets, memos and attributes (statuses and the audit log are not REFI-QDA's)."""
    return {
        "codes": sorted(
            (c.guid, c.name, c.parent_guid, c.key, c.colour, c.description, c.include, c.exclude,
             c.example, c.status)
            for c in snapshot.codes
        ),
        "coders": snapshot.coders,
        "transcripts": sorted(
            (t.name, t.text, t.sha256, sorted(t.attributes.items())) for t in snapshot.transcripts
        ),
        "codings": sorted(
            (c.transcript, c.code_guid, c.coder, c.start, c.end, c.memo) for c in snapshot.codings
        ),
        "memos": sorted((m.transcript, m.code_guid, m.coder, m.text) for m in snapshot.memos),
    }  # fmt: skip


@pytest.fixture
def study(location: str, built_sample: Path) -> Iterator[Project]:
    """The sample study with memos of every kind and a retired code, on SQLite or PostgreSQL."""
    with Project.open(str(built_sample)) as sample, Project.init(location, actor="lead") as made:
        merge_project(made, read_snapshot(sample), "sample.db")
        anna = CoderActions(made, "anna")
        text = made.transcript("iom_03").text
        start = text.index("mandate")
        coding = anna.apply("iom_03", "Legitimation", start, start + 7)
        anna.set_memo(coding.id, "Łukasz said “mandate” twice 😀")
        anna.set_transcript_memo("iom_03", "Cautious respondent.\nSecond line.")
        CoderActions(made, "ben").set_transcript_memo("iom_03", "Ben's view.")
        service.create(made, "Legitimation/Shelved", why="test", include="only this")
        service.retire(made, "Legitimation/Shelved", why="not used")
        yield made


def test_export_validates_and_a_round_trip_gives_the_project_back(
    study: Project, tmp_path: Path
) -> None:
    archive = tmp_path / "study.qdpx"
    export_qdpx(study, archive)
    with zipfile.ZipFile(archive) as opened:
        validate_project(opened.read("project.qde"))
        assert sum(name.startswith("sources/") for name in opened.namelist()) == 8
    with Project.init(str(tmp_path / "back.db")) as back:
        result = import_qdpx(back, archive)
        assert result.merge.conflicts == [] and result.skipped == []
        assert content(read_snapshot(back)) == content(read_snapshot(study))
        for name in ("iom_03", "ex_02", "hr_05"):
            assert back.transcript(name).text.encode() == study.transcript(name).text.encode()
        # Importing the same archive again adds nothing.
        again = import_qdpx(back, archive)
        assert sum(again.merge.added.values()) == 0


def test_the_codebook_exports_as_qdc_and_loads_back(study: Project, tmp_path: Path) -> None:
    out = tmp_path / "codebook.qdc"
    export_qdc(study, out)
    validate_codebook(out.read_bytes())
    with Project.init(str(tmp_path / "codes.db")) as other:
        result = CliRunner().invoke(main, ["codebook", "load", "-p", other.location, str(out)])
        assert result.exit_code == 0, result.output
        assert "note: retired code 'Shelved' not loaded" in result.stdout
        mine = {c.guid: c.path for c in service.codes(study) if c.status == "active"}
        theirs = {c.guid: c.path for c in service.codes(other)}
        assert theirs == mine


def test_imports_what_other_tools_write(sqlite_location: str) -> None:
    with Project.init(sqlite_location) as project:
        result = import_qdpx(project, REFI / "crlf_two.qdpx", allow_identifiers=True)
        assert result.merge.added["transcript"] >= 1
        assert any("CRLF" in note for note in result.notes), result.notes
        for coding in project.codings():
            text = project.transcript(coding.transcript).text
            assert 0 <= coding.start < coding.end <= len(text)


@pytest.mark.parametrize(
    "name", sorted(p.name for p in (REFI / "hostile").iterdir() if p.suffix == ".qdpx")
)
def test_a_hostile_archive_is_one_line_and_changes_nothing(name: str, sample_db: str) -> None:
    with Project.open(sample_db) as project:
        before = project.row_counts()
    result = CliRunner().invoke(main, ["import", "-p", sample_db, str(REFI / "hostile" / name)])
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and name in lines[0]
    with Project.open(sample_db) as project:
        assert project.row_counts() == before


def test_the_cli_round_trip_and_its_messages(sample_db: str, tmp_path: Path) -> None:
    runner = CliRunner()
    archive = tmp_path / "out.qdpx"
    exported = runner.invoke(main, ["export", "qdpx", "-p", sample_db, str(archive)])
    assert exported.exit_code == 0 and exported.stderr == f"wrote {archive}\n"
    onto_itself = runner.invoke(main, ["export", "qdpx", "-p", sample_db, sample_db])
    assert onto_itself.exit_code == 2 and "is the project" in onto_itself.stderr
    target = str(tmp_path / "new.db")
    Project.init(target).close()
    imported = runner.invoke(main, ["import", "-p", target, str(archive)])
    assert imported.exit_code == 0, imported.output
    assert imported.stdout.splitlines()[0].startswith("merged ")
    assert "added 8 transcripts, 21 codes, 2 coders, 414 codings" in imported.stdout
    mixed = runner.invoke(main, ["import", "-p", target, str(archive), "x.txt"])
    assert mixed.exit_code == 2 and "imported on its own" in mixed.stderr


def test_codings_with_and_without_a_date_arrive_together(
    sqlite_location: str, tmp_path: Path
) -> None:
    from datetime import UTC, datetime

    from workbench.exchange.refi.model import (
        RefiCode,
        RefiProject,
        RefiSelection,
        RefiSource,
        RefiUser,
        derived_guid,
    )
    from workbench.exchange.refi.write import write_qdpx

    user, code = RefiUser(derived_guid("u", "zoe"), "zoe"), RefiCode(derived_guid("c", "x"), "X")
    text = "Interviewer: Why?\nRespondent: Because we were told to.\n"
    dated = datetime(2021, 3, 4, 5, 6, 7, tzinfo=UTC)
    selections = (
        RefiSelection(derived_guid("s", "1"), 0, 5, code.guid, user.guid, dated),
        RefiSelection(derived_guid("s", "2"), 30, 37, code.guid, user.guid, None),
    )
    source = RefiSource(derived_guid("t", "1"), "talk.txt", text, selections)
    archive = tmp_path / "dates.qdpx"
    write_qdpx(RefiProject("dates", "test", (user,), (code,), (source,)), archive)
    with Project.init(sqlite_location) as project:
        import_qdpx(project, archive)
        codings = project.codings()
        assert [(c.transcript, c.coder, c.code, c.start, c.end) for c in codings] == [
            ("talk", "zoe", "X", 0, 5),
            ("talk", "zoe", "X", 30, 37),
        ]
        assert codings[0].created_at is not None and codings[0].created_at.year == 2021
        assert codings[1].created_at is not None
        utterances = project.transcript("talk").utterances
        assert [(u.speaker, text[u.start : u.end]) for u in utterances] == [
            ("Interviewer", "Why?"),
            ("Respondent", "Because we were told to."),
        ]


@pytest.mark.parametrize("name", sorted(p.name for p in REFI.glob("*.qdpx")))
def test_every_shape_other_tools_write_imports(name: str, sqlite_location: str) -> None:
    """Nested and `::` codes, folders, CRLF either way, bare paths, nameless sources, NVivo for
    Mac's empty text beside a .docx, no sources at all: each comes in, every coding on its text."""
    with Project.init(sqlite_location) as project:
        result = import_qdpx(project, REFI / name, allow_identifiers=True)
        assert result.merge.conflicts == []
        assert result.merge.added["code"] > 0
        for coding in project.codings():
            assert 0 <= coding.start < coding.end <= len(project.transcript(coding.transcript).text)
        again = import_qdpx(project, REFI / name, allow_identifiers=True)
        assert sum(again.merge.added.values()) == 0


def test_a_codebook_only_archive_brings_codes_and_no_transcripts(sqlite_location: str) -> None:
    with Project.init(sqlite_location) as project:
        result = import_qdpx(project, REFI / "codebook_only.qdpx")
        assert result.merge.added["transcript"] == 0 and result.merge.added["code"] > 0
        assert project.transcripts() == []


@pytest.mark.parametrize("name", ["malformed.qdpx", "billion_laughs.qdpx", "not_a_zip.qdpx"])
def test_a_bad_codebook_file_is_one_line_and_changes_nothing(
    name: str, sample_db: str, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.qdc"
    bad.write_bytes((REFI / "hostile" / name).read_bytes())
    with Project.open(sample_db) as project:
        before = project.row_counts()
    result = CliRunner().invoke(main, ["codebook", "load", "-p", sample_db, str(bad)])
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {bad}"), lines
    with Project.open(sample_db) as project:
        assert project.row_counts() == before


def test_a_coding_the_archive_holds_twice_arrives_once_with_both_memos(
    sqlite_location: str, tmp_path: Path
) -> None:
    from workbench.exchange.refi.model import (
        RefiCode,
        RefiProject,
        RefiSelection,
        RefiSource,
        RefiUser,
        derived_guid,
    )
    from workbench.exchange.refi.write import write_qdpx

    user, code = RefiUser(derived_guid("u", "zoe"), "zoe"), RefiCode(derived_guid("c", "x"), "X")
    text = "Respondent: Because we were told to.\n"
    twice = tuple(
        RefiSelection(derived_guid("s", str(n)), 12, 19, code.guid, user.guid, memo=memo)
        for n, memo in enumerate(["", "first thought", "second thought"])
    )
    source = RefiSource(derived_guid("t", "1"), "talk.txt", text, twice)
    archive = tmp_path / "twice.qdpx"
    write_qdpx(RefiProject("twice", "test", (user,), (code,), (source,)), archive)
    with Project.init(sqlite_location) as project:
        result = import_qdpx(project, archive)
        (coding,) = project.codings()
        assert (coding.start, coding.end, coding.memo) == (
            12,
            19,
            "first thought\n\nsecond thought",
        )
        assert result.merge.added["coding"] == 1
        assert any("2 codings repeated" in note for note in result.merge.notes)


def _archive(tmp_path: Path, name: str, **changes: object) -> Path:
    """A small archive: one source, one code, one user, one coding with a memo."""
    from dataclasses import replace as changed

    from workbench.exchange.refi.model import (
        RefiCode,
        RefiProject,
        RefiSelection,
        RefiSource,
        RefiUser,
        derived_guid,
    )
    from workbench.exchange.refi.write import write_qdpx

    user = RefiUser(derived_guid("u", "zoe"), str(changes.pop("user", "zoe")))
    code = RefiCode(derived_guid("c", "x"), "X")
    selection = RefiSelection(
        derived_guid("s", "1"), 12, 19, code.guid, user.guid, memo=str(changes.pop("memo", ""))
    )
    source = RefiSource(
        derived_guid("t", "1"),
        str(changes.pop("source", "talk.txt")),
        "Respondent: Because we were told to.\n",
        (selection,),
    )
    users = (user, *changes.pop("more_users", ()))  # type: ignore[misc]
    project = changed(RefiProject("Mandate study", "test", users, (code,), (source,)), **changes)
    path = tmp_path / name
    write_qdpx(project, path)
    return path


def test_identifiers_outside_the_texts_are_refused_too(
    sqlite_location: str, tmp_path: Path
) -> None:
    archive = _archive(
        tmp_path,
        "names.qdpx",
        source="John Smith john.smith@example.org",
        memo="call +41 22 717 91 11",
    )
    with Project.init(sqlite_location) as project:
        before = project.row_counts()
        result = CliRunner().invoke(main, ["import", "-p", sqlite_location, str(archive)])
        assert result.exit_code == 2
        assert "(name of source 'John Smith john.smith@example.org'):1: e-mail address" in (
            result.stderr
        )
        assert "(memo on a coding in John Smith john.smith@example.org):1: phone number" in (
            result.stderr
        )
        assert project.row_counts() == before
        allowed = import_qdpx(project, archive, allow_identifiers=True)
        assert len(allowed.allowed_findings) >= 2 and allowed.merge.added["coding"] == 1


def test_a_table_replaces_names_and_identifiers_outside_the_texts(
    sqlite_location: str, tmp_path: Path
) -> None:
    archive = _archive(tmp_path, "memo.qdpx", memo="Maria Lopez said: call +41 22 717 91 11")
    table = Path(__file__).parent / "fixtures" / "anonymise" / "pseudonyms.csv"
    with Project.init(sqlite_location) as project:
        result = import_qdpx(project, archive, pseudonyms=table)
        assert result.allowed_findings == []
        (coding,) = project.codings()
        assert coding.memo == "[Respondent A] said: call [phone]"


def test_users_and_names_an_archive_may_hold(sqlite_location: str, tmp_path: Path) -> None:
    from workbench.exchange.refi.model import RefiUser, derived_guid

    twin = RefiUser(derived_guid("u", "other zoe"), "zoe")
    with Project.init(sqlite_location) as project:
        result = import_qdpx(project, _archive(tmp_path, "twins.qdpx", more_users=(twin,)))
        assert project.coders() == ["zoe", "zoe (2)"]
        assert any("two users are named 'zoe'" in note for note in result.notes)
        assert project.setting("codebook.name") == "Mandate study"
    long_user = _archive(tmp_path, "long.qdpx", user="z" * 101)
    runner = CliRunner()
    with Project.init(str(tmp_path / "other.db")) as other:
        refused = runner.invoke(main, ["import", "-p", other.location, str(long_user)])
        assert refused.exit_code == 2
        assert refused.stderr.startswith(f"error: {long_user}: user name 'zzz")
        as_codebook = runner.invoke(
            main, ["codebook", "load", "-p", other.location, str(long_user)]
        )
        assert (
            as_codebook.exit_code == 2 and "`workbench import` brings it in" in as_codebook.stderr
        )
        renamed = tmp_path / "really_a_project.qdc"
        renamed.write_bytes((REFI / "nested.qdpx").read_bytes())
        loaded = runner.invoke(main, ["codebook", "load", "-p", other.location, str(renamed)])
        assert loaded.exit_code == 0 and "only its codebook was loaded" in loaded.stdout


def test_a_code_name_too_long_names_the_file_in_both_readers(
    sqlite_location: str, tmp_path: Path
) -> None:
    from workbench.exchange.refi.model import RefiCode, derived_guid
    from workbench.exchange.refi.write import codebook_xml

    codebook = tmp_path / "long.qdc"
    codebook.write_bytes(codebook_xml([RefiCode(derived_guid("c", "long"), "c" * 201)]))
    Project.init(sqlite_location).close()
    result = CliRunner().invoke(main, ["codebook", "load", "-p", sqlite_location, str(codebook)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {codebook}: code name 'ccc")
