"""`anonymise replace` reaches every field the gate screens, all or nothing, and logged."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from workbench.anonymise.check import allow
from workbench.anonymise.replace import replace_word
from workbench.cli import main
from workbench.codebook import service
from workbench.codebook.files import load_codebook
from workbench.coding.actions import CoderActions
from workbench.errors import AnonymisationError
from workbench.store.project import Project
from workbench.transcripts.attributes import import_attributes
from workbench.transcripts.importer import import_transcripts

CODEBOOK = Path(__file__).parent / "fixtures" / "codebooks" / "small.yaml"
INTERVIEW = "Interviewer: Who came?\n\nRespondent: Łukasz came with the team.\n"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def named(location: str, tmp_path: Path) -> str:
    """Lukasz in a transcript's and a file's name, an attribute, a code's name and
    definition, a coder's name, memos, the undo history, the log and the allowlist."""
    path = tmp_path / "interview_lukasz_2016.txt"
    path.write_text(INTERVIEW, encoding="utf-8")
    (tmp_path / "other_2017.txt").write_text(INTERVIEW.replace("Łukasz", "Ana"))
    (tmp_path / "attributes.csv").write_text(
        "transcript,contact\ninterview_lukasz_2016,Lukasz's brother\n"
    )
    with Project.init(location, actor="tester") as project:
        service.load(project, load_codebook(CODEBOOK), "small.yaml")
        import_transcripts(project, [path, tmp_path / "other_2017.txt"])
        import_attributes(project, tmp_path / "attributes.csv")
        service.create(project, "Lukasz quotes", description="what Łukasz said")
        service.retire(project, "Protection DNA/Comparison with UNHCR", "Lukasz said so")
        coder = CoderActions(project, "lukasz")
        coding = coder.apply("interview_lukasz_2016", "Funding", 25, 31, memo="LUKASZ first")
        coder.set_memo(coding.id, "Lukasz agrees")
        coder.set_transcript_memo("other_2017", "ask Lukasz")
        allow(project, ["Lukasz"])
    return location


def leftovers(project: Project) -> list[str]:
    """Where 'lukasz' (any case, NFC or NFD, with Ł or L) is still stored, read back."""
    found = [t.name for t in project.transcripts() if "ukasz" in t.name.lower()]
    with project.session() as session:
        for table, column in (
            ("transcript", "text"),
            ("transcript", "source_name"),
            ("utterance", "speaker"),
            ("attribute", "value"),
            ("code", "name"),
            ("code", "description"),
            ("coder", "name"),
            ("coding", "memo"),
            ("memo", "text"),
            ("coding_action", "memo_before"),
            ("coding_action", "memo_after"),
            ("event", "actor"),
            ("event", "target"),
            ("event", "detail"),
            ("event", "why"),
            ("allowed_word", "word"),
        ):
            for (value,) in session.execute(text(f"SELECT {column} FROM {table}")):
                folded = unicodedata.normalize("NFD", value or "").lower()
                if "ukasz" in folded or "\\u0141" in folded.lower():
                    found.append(f"{table}.{column}: {value}")
    return found


def test_replace_reaches_every_stored_field_and_logs_counts(named: str) -> None:
    code, out, err = run("anonymise", "replace", "-p", named, "Lukasz", "Respondent A")
    assert code == 0, err
    assert "interview_[Respondent A]_2016: " in out
    assert "coder names: 1 changed" in out and "audit log: " in out
    with Project.open(named) as project:
        assert leftovers(project) == []
        names = [t.name for t in project.transcripts()]
        assert names == ["interview_[Respondent A]_2016", "other_2017"]
        assert project.coders() == ["[Respondent A]"]
        (coding,) = project.codings()
        assert (coding.coder, coding.memo) == ("[Respondent A]", "[Respondent A] agrees")
        detail = json.loads(project.events("anonymise.replace")[-1].detail)
        assert detail["fields"]["attribute values"] == 1
        assert detail["fields"]["code names"] == 1


def test_a_clash_of_code_names_is_refused_and_changes_nothing(named: str) -> None:
    with Project.open(named) as project:
        service.create(project, "[Respondent A] quotes")
        before = project.row_counts()
        texts = {t.name: project.transcript(t.name).text for t in project.transcripts()}
        with pytest.raises(AnonymisationError, match=r"^PSEUDONYM: two code names would"):
            replace_word(project, "Lukasz", "Respondent A")
        assert project.row_counts() == before
        assert {t.name: project.transcript(t.name).text for t in project.transcripts()} == texts
        assert leftovers(project) != []  # nothing was replaced anywhere


def test_a_clash_of_coder_names_is_one_line_and_changes_nothing(named: str) -> None:
    with Project.open(named) as project:
        CoderActions(project, "[Respondent A]").apply("other_2017", "Funding", 0, 5)
        before = project.row_counts()
    code, _out, err = run("anonymise", "replace", "-p", named, "Lukasz", "Respondent A")
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert "two coder names would become one ('[Respondent A]')" in err
    with Project.open(named) as project:
        assert project.row_counts() == before
        assert "interview_lukasz_2016" in [t.name for t in project.transcripts()]
