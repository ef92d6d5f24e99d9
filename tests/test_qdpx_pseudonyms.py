"""A pseudonym table applied to a .qdpx archive: names, e-mails and phones replaced in each new
transcript, codings moved with them, and nothing of the originals in the database."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import inspect, text

from workbench.cli import main
from workbench.errors import AnonymisationError
from workbench.exchange.qdpx_files import import_qdpx
from workbench.exchange.refi.model import (
    RefiCode,
    RefiProject,
    RefiSelection,
    RefiSource,
    RefiUser,
    derived_guid,
)
from workbench.exchange.refi.write import write_qdpx
from workbench.store.project import Project
from workbench.store.snapshot import read_snapshot

ANONYMISE = Path(__file__).parent / "fixtures" / "anonymise"
PSEUDONYMS = ANONYMISE / "pseudonyms.csv"  # Maria (Lopez), Dr Okafor, Karlstad
TALK = (
    "Interviewer: Who did you meet in Karlstad?\n"
    "\n"
    "Maria Lopez: I met Dr Okafor there. Write to maria@example.org\n"
    "or call +41 22 717 91 11 after six.\n"
    "Interviewer: Thanks, Maria.\n"
)
# Each coded passage of TALK, and what it must read after the table: before, across, inside,
# from inside and after the replaced names, e-mail and phone.
CODED = {
    "Who did you meet": "Who did you meet",
    "meet in Karlstad?": "meet in [a Nordic town]?",
    "Okafor": "[Colleague B]",
    "Okaf": "[Colleague B]",
    "Lopez: I met Dr": "[Respondent A]: I met [Colleague B]",
    "example.org\nor call +41": "[email]\nor call [phone]",
    "after six.": "after six.",
    "Thanks, Maria.": "Thanks, [Respondent A].",
}
ORIGINALS = ("maria", "lopez", "okafor", "karlstad", "example.org", "717 91")
USER = RefiUser(derived_guid("user", "zoe"), "zoe")
CODE = RefiCode(derived_guid("code", "contact"), "Contact")


def archive(tmp_path: Path, sources: dict[str, str], name: str = "study.qdpx") -> Path:
    """An archive of `sources` (name -> text); TALK's passages in CODED are coded."""
    refi_sources = []
    for source_name, source_text in sources.items():
        selections = tuple(
            RefiSelection(
                derived_guid("selection", source_name, passage),
                source_text.index(passage),
                source_text.index(passage) + len(passage),
                CODE.guid,
                USER.guid,
                memo="check this one" if passage == "Okaf" else "",
            )
            for passage in CODED
            if passage in source_text
        )
        refi_sources.append(
            RefiSource(derived_guid("source", source_name), source_name, source_text, selections)
        )
    path = tmp_path / name
    write_qdpx(RefiProject("study", "test", (USER,), (CODE,), tuple(refi_sources)), path)
    return path


def stored_values(project: Project) -> str:
    """Every value of every table, as one lower-case string: what must hold no original."""
    with project.engine.connect() as connection:
        tables = inspect(connection).get_table_names()
        rows = [connection.execute(text(f'SELECT * FROM "{table}"')).all() for table in tables]
    return repr(rows).lower()


def test_an_archive_is_screened_and_its_codings_move_with_the_replacements(
    location: str, tmp_path: Path
) -> None:
    path = archive(tmp_path, {"talk.txt": TALK})
    with Project.init(location) as project:
        result = import_qdpx(project, path, pseudonyms=PSEUDONYMS)
        doc = project.transcript("talk")
        assert doc.text == (
            "Interviewer: Who did you meet in [a Nordic town]?\n"
            "\n"
            "[Respondent A]: I met [Colleague B] there. Write to [email]\n"
            "or call [phone] after six.\n"
            "Interviewer: Thanks, [Respondent A].\n"
        )
        codings = project.codings()
        assert sorted(doc.text[c.start : c.end] for c in codings) == sorted(set(CODED.values()))
        # "Okaf" and "Okafor" both became "[Colleague B]": one coding, keeping the memo.
        assert [c.memo for c in codings if c.memo] == ["check this one"]
        assert [(u.speaker, doc.text[u.start : u.end]) for u in doc.utterances] == [
            ("Interviewer", "Who did you meet in [a Nordic town]?"),
            (
                "[Respondent A]",
                "I met [Colleague B] there. Write to [email]\nor call [phone] after six.",
            ),
            ("Interviewer", "Thanks, [Respondent A]."),
        ]
        (transcript,) = read_snapshot(project).transcripts
        assert transcript.replacements == {
            ("email", "email"): 1,
            ("phone", "phone"): 1,
            ("pseudonym", "Colleague B"): 1,
            ("pseudonym", "Respondent A"): 2,
            ("pseudonym", "a Nordic town"): 1,
        }
        assert transcript.source_name == "talk.txt"
        assert result.lines()[:3] == [
            f"merged {path}: added 1 transcript, 1 code, 1 coder, 7 codings, 1 coder status",
            "  already here: nothing",
            "  pseudonyms: 6 replacements in 1 new transcript",
        ]
        assert "  note: 1 coding joined another of its code and coder on the same span" in (
            result.lines()
        )
        values = stored_values(project)
        assert "respondent a" in values and not [o for o in ORIGINALS if o in values]
        # The same archive again: its screened text is here, so nothing is added.
        again = import_qdpx(project, path, pseudonyms=PSEUDONYMS)
        assert sum(again.merge.added.values()) == 0 and again.merge.conflicts == []
        assert again.merge.matched["coding"] == len(CODED) - 1
        if project.engine.dialect.name == "sqlite":
            with project.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    if location.endswith(".db"):
        raw = b"".join(
            Path(f"{location}{suffix}").read_bytes()
            for suffix in ("", "-wal")
            if Path(f"{location}{suffix}").exists()
        ).lower()
        assert b"respondent a" in raw
        assert not [o for o in ORIGINALS if o.encode() in raw]


def test_a_transcript_already_here_is_matched_not_screened_again(
    sqlite_location: str, tmp_path: Path
) -> None:
    kept = "Interviewer: And then?\nRespondent: [Respondent A] left.\n"
    with Project.init(sqlite_location) as project:
        import_qdpx(project, archive(tmp_path, {"kept.txt": kept}, "first.qdpx"))
        result = import_qdpx(
            project,
            archive(tmp_path, {"kept.txt": kept, "talk.txt": TALK}, "both.qdpx"),
            pseudonyms=PSEUDONYMS,
        )
        assert result.merge.added["transcript"] == 1 and result.merge.matched["transcript"] == 1
        assert project.transcript("kept").text == kept
        assert "[a Nordic town]" in project.transcript("talk").text


def test_a_name_inside_a_word_is_refused_unless_allowed_and_then_logged(
    location: str, tmp_path: Path
) -> None:
    path = archive(tmp_path, {"talk.txt": TALK + "Interviewer: And the Okafors?\n"})
    with Project.init(location) as project:
        before = project.row_counts()
        with pytest.raises(AnonymisationError) as refused:
            import_qdpx(project, path, pseudonyms=PSEUDONYMS)
        (message,) = str(refused.value).splitlines()
        listed, advice = message.split(": refused: ")
        lines = listed.split("; ")
        assert lines == [f"{path} (talk):6: pseudonym-table original inside a word"]
        assert "add them to the pseudonym table" in advice
        assert project.row_counts() == before
        result = import_qdpx(project, path, pseudonyms=PSEUDONYMS, allow_identifiers=True)
        assert [str(f) for f in result.allowed_findings] == [lines[0]]
        (event,) = project.events("anonymise.allow_identifiers")
        assert "inside a word" in event.detail and event.why == "--allow-identifiers"
        assert project.transcript("talk").text.endswith("Interviewer: And the Okafors?\n")


def test_without_a_table_identifiers_are_refused_where_they_stand(
    sqlite_location: str, tmp_path: Path
) -> None:
    path = archive(tmp_path, {"talk.txt": TALK})
    with Project.init(sqlite_location) as project, pytest.raises(AnonymisationError) as refused:
        import_qdpx(project, path)
    (message,) = str(refused.value).splitlines()
    listed, advice = message.split(": refused: ")
    assert listed.split("; ") == [
        f"{path} (talk):3: e-mail address",
        f"{path} (talk):4: phone number",
    ]
    assert "--pseudonyms TABLE" in advice


def test_a_source_or_archive_named_after_someone(sqlite_location: str, tmp_path: Path) -> None:
    with Project.init(sqlite_location) as project:
        before = project.row_counts()
        with pytest.raises(AnonymisationError, match="holds a name from the pseudonym table"):
            import_qdpx(project, archive(tmp_path, {"maria_1.txt": TALK}), pseudonyms=PSEUDONYMS)
        assert project.row_counts() == before
        named = archive(tmp_path, {"talk.txt": TALK}, "okafor_study.qdpx")
        result = import_qdpx(project, named, pseudonyms=PSEUDONYMS)
        assert result.merge.origin == "[archive name withheld].qdpx"
        assert "okafor" not in stored_values(project)


def test_the_cli_imports_with_a_table_and_a_bad_table_is_one_line(
    sample_db: str, tmp_path: Path
) -> None:
    path = archive(tmp_path, {"talk.txt": TALK})
    runner = CliRunner()
    with Project.open(sample_db) as project:
        before = project.row_counts()
    bad = runner.invoke(
        main,
        ["import", "-p", sample_db, str(path), "--pseudonyms", str(ANONYMISE / "one_column.csv")],
    )
    assert bad.exit_code == 2, bad.output
    (line,) = bad.stderr.splitlines()
    assert line.startswith("error: ") and "one_column.csv" in line and "2 columns" in line
    with Project.open(sample_db) as project:
        assert project.row_counts() == before
    done = runner.invoke(
        main, ["import", "-p", sample_db, str(path), "--pseudonyms", str(PSEUDONYMS)]
    )
    assert done.exit_code == 0, done.output
    assert done.stdout.splitlines()[0].startswith(f"merged {path}: added 1 transcript")
    assert "  pseudonyms: 6 replacements in 1 new transcript" in done.stdout.splitlines()
    with Project.open(sample_db) as project:
        assert "[Colleague B]" in project.transcript("talk").text
