"""Importing transcripts: stored text and offsets, the gate, attributes, all-or-nothing batches."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from workbench.errors import AnonymisationError, IngestError, WorkbenchError
from workbench.store.project import Project
from workbench.transcripts.attributes import import_attributes
from workbench.transcripts.importer import import_transcripts

PSEUDONYMS = Path(__file__).parent / "fixtures" / "anonymise" / "pseudonyms.csv"

INTERVIEW = """Interview 3 — IOM official — 2016

Interviewer: How would you describe the mandate?

Respondent: Honestly, it is what states ask of us.
We deliver, and that is our claim.

Interviewer: And protection?
"""


def write(folder: Path, name: str, content: str) -> Path:
    path = folder / name
    path.write_text(content, encoding="utf-8")
    return path


def test_import_stores_normalised_text_and_utterance_offsets(
    project: Project, tmp_path: Path
) -> None:
    path = write(tmp_path, "iom_03.txt", INTERVIEW.replace("\n", "\r\n"))
    summary = import_transcripts(project, [path])
    assert (summary.transcripts, summary.utterances) == (1, 4)
    doc = project.transcript("iom_03")
    assert doc.text == INTERVIEW  # as written, with LF line ends
    spans = [(u.speaker, doc.text[u.start : u.end]) for u in doc.utterances]
    assert spans == [
        (None, "Interview 3 — IOM official — 2016"),
        ("Interviewer", "How would you describe the mandate?"),
        (
            "Respondent",
            "Honestly, it is what states ask of us.\nWe deliver, and that is our claim.",
        ),
        ("Interviewer", "And protection?"),
    ]
    assert summary.words == sum(len(doc.text[u.start : u.end].split()) for u in doc.utterances)
    (listed,) = project.transcripts()
    assert (listed.name, listed.source_format, listed.utterances) == ("iom_03", "txt", 4)


def test_a_batch_with_one_bad_file_imports_nothing(project: Project, tmp_path: Path) -> None:
    good = write(tmp_path, "good.txt", INTERVIEW)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"Interviewer: hello\n\x00\x01binary")
    before = project.row_counts()
    with pytest.raises(IngestError) as caught:
        import_transcripts(project, [good, bad])
    assert str(caught.value).startswith(f"{bad}:2: ")
    assert project.row_counts() == before


def test_an_existing_name_is_refused(project: Project, tmp_path: Path) -> None:
    path = write(tmp_path, "iom_03.txt", INTERVIEW)
    import_transcripts(project, [path])
    before = project.row_counts()
    with pytest.raises(IngestError, match="'iom_03' exists already"):
        import_transcripts(project, [write(tmp_path, "other.txt", INTERVIEW)], name="iom_03")
    assert project.row_counts() == before


IDENTIFYING = """Interviewer: Who else did you talk to?

Maria: I spoke to Dr Okafor in Karlstad.
You can reach him at okafor@example.org or +41 22 717 91 11.
"""


def test_the_gate_refuses_identifiers_with_file_line_and_kind(
    project: Project, tmp_path: Path
) -> None:
    path = write(tmp_path, "ms_04.txt", IDENTIFYING)
    before = project.row_counts()
    with pytest.raises(AnonymisationError) as caught:
        import_transcripts(project, [path])
    (message,) = str(caught.value).splitlines()  # one line, however many findings
    listed, advice = message.split(": refused: ")
    assert listed.split("; ") == [f"{path}:4: e-mail address", f"{path}:4: phone number"]
    assert "--pseudonyms" in advice
    assert project.row_counts() == before


def test_the_pseudonym_table_replaces_and_the_database_never_holds_originals(
    location: str, tmp_path: Path
) -> None:
    path = write(tmp_path, "ms_04.txt", IDENTIFYING)
    with Project.init(location) as project:
        summary = import_transcripts(project, [path], pseudonyms=PSEUDONYMS)
        doc = project.transcript("ms_04")
        assert doc.utterances[1].speaker == "[Respondent A]"
        assert doc.text == (
            "Interviewer: Who else did you talk to?\n\n"
            "[Respondent A]: I spoke to [Colleague B] in [a Nordic town].\n"
            "You can reach him at [email] or [phone].\n"
        )
        said = doc.utterances[1]
        assert doc.text[said.start : said.end].startswith("I spoke to [Colleague B]")
        assert doc.text[said.end - 8 : said.end] == "[phone]."
        assert summary.replacements == 5
        with project.session() as session:
            logged = session.execute(
                text(
                    "SELECT kind, replacement, count FROM anonymisation_log "
                    "ORDER BY kind, replacement"
                )
            ).all()
        assert [tuple(row) for row in logged] == [
            ("email", "email", 1),
            ("phone", "phone", 1),
            ("pseudonym", "Colleague B", 1),
            ("pseudonym", "Respondent A", 1),
            ("pseudonym", "a Nordic town", 1),
        ]
        if project.engine.dialect.name == "sqlite":
            with project.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    if location.endswith(".db"):
        raw = b"".join(
            Path(f"{location}{suffix}").read_bytes()
            for suffix in ("", "-wal")
            if Path(f"{location}{suffix}").exists()
        ).lower()
        for original in (b"maria", b"okafor", b"karlstad", b"example.org", b"717 91"):
            assert original not in raw


def test_allow_identifiers_imports_and_records_it(project: Project, tmp_path: Path) -> None:
    path = write(tmp_path, "ms_04.txt", IDENTIFYING)
    summary = import_transcripts(project, [path], allow_identifiers=True)
    assert len(summary.allowed_findings) == 2
    (event,) = project.events("anonymise.allow_identifiers")
    assert "ms_04.txt:4: e-mail address" in event.detail
    assert "okafor@" not in event.detail


ATTRIBUTES = "transcript,group,number,year\niom_03,IOM official,3,2016\n"


def test_attributes_import_sets_values(project: Project, tmp_path: Path) -> None:
    import_transcripts(project, [write(tmp_path, "iom_03.txt", INTERVIEW)])
    assert import_attributes(project, write(tmp_path, "attrs.csv", ATTRIBUTES)).values == 3
    assert project.transcript("iom_03").attributes == {
        "group": "IOM official",
        "number": "3",
        "year": "2016",
    }
    assert project.transcripts()[0].attributes["year"] == "2016"


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        ("name,group\niom_03,x\n", 1, "missing column.* transcript"),
        ("transcript,group\niom_99,x\n", None, "no row names a transcript in the project"),
        ("transcript,group\niom_03,x\niom_03,y\n", 3, "appears twice"),
        ("transcript,group\niom_03,x,extra\n", 2, "more cells than header"),
        ("transcript\niom_03\n", 1, "no attribute columns"),
        ("transcript,group,name\niom_03,x,Official A\n", 1, "'name' cannot be an attribute"),
        ("transcript,role,role\niom_03,a,b\n", 1, "column 'role' appears twice"),
    ],
)
def test_bad_attribute_files_change_nothing(
    project: Project, tmp_path: Path, content: str, line: int | None, message: str
) -> None:
    import_transcripts(project, [write(tmp_path, "iom_03.txt", INTERVIEW)])
    before = project.row_counts()
    with pytest.raises(WorkbenchError, match=message) as caught:
        import_attributes(project, write(tmp_path, "attrs.csv", content))
    assert caught.value.line == line
    assert project.row_counts() == before


def test_attributes_in_the_import_batch_are_part_of_its_transaction(
    project: Project, tmp_path: Path
) -> None:
    path = write(tmp_path, "iom_03.txt", INTERVIEW)
    bad = write(tmp_path, "attrs.csv", "transcript,group\niom_04,x\n")
    before = project.row_counts()
    with pytest.raises(WorkbenchError, match="no row names a transcript in the project"):
        import_transcripts(project, [path], attributes=bad)
    assert project.row_counts() == before


def test_names_from_the_table_in_file_and_transcript_names_are_replaced(
    location: str, tmp_path: Path
) -> None:
    path = write(tmp_path, "interview_maria.txt", INTERVIEW)
    with Project.init(location) as project:
        import_transcripts(project, [path], pseudonyms=PSEUDONYMS)
        (listed,) = project.transcripts()
        assert (listed.name, listed.source_name) == (
            "interview_[Respondent A]",
            "interview_[Respondent A].txt",
        )
        assert "maria" not in str(project.events()).lower()


def test_names_hidden_between_digits_in_a_file_name_are_refused(
    project: Project, tmp_path: Path
) -> None:
    table = write(tmp_path, "table.csv", "original,replacement\nAli,Respondent D\n")
    path = write(tmp_path, "interview_ali2016.txt", INTERVIEW)
    before = project.row_counts()
    with pytest.raises(AnonymisationError, match=r"transcript name.*inside a word"):
        import_transcripts(project, [path], pseudonyms=table)
    assert project.row_counts() == before
    import_transcripts(
        project, [write(tmp_path, "interview_ali_2016.txt", INTERVIEW)], pseudonyms=table
    )
    assert [t.name for t in project.transcripts()] == ["interview_[Respondent D]_2016"]


def test_identifiers_in_file_names_are_refused_without_a_table_and_replaced_with_one(
    project: Project, tmp_path: Path
) -> None:
    path = write(tmp_path, "call_maria.k@gmail.com_+41227179111.txt", INTERVIEW)
    before = project.row_counts()
    with pytest.raises(AnonymisationError, match=r"\(file name\): e-mail address"):
        import_transcripts(project, [path])
    assert project.row_counts() == before
    import_transcripts(project, [path], pseudonyms=PSEUDONYMS)
    bare = write(tmp_path, "call_maria.k@gmail.com.txt", INTERVIEW)
    import_transcripts(project, [bare], pseudonyms=PSEUDONYMS)
    assert sorted(t.source_name for t in project.transcripts()) == [
        "call_[email].txt",
        "call_[email]_[phone].txt",
    ]
    for listed in project.transcripts():
        stored = f"{listed.name} {listed.source_name} {project.events()}"
        assert "gmail" not in stored and "41227179111" not in stored, stored


def test_allowed_findings_are_logged_with_the_file_name_as_stored(
    project: Project, tmp_path: Path
) -> None:
    text = INTERVIEW + "\nRespondent: MariaJose called me.\n"
    path = write(tmp_path, "interview_maria.txt", text)
    import_transcripts(project, [path], pseudonyms=PSEUDONYMS, allow_identifiers=True)
    (event,) = project.events("anonymise.allow_identifiers")
    assert "interview_[Respondent A].txt:" in event.detail
    assert "maria" not in event.detail.lower()


def test_attribute_values_pass_the_gate(project: Project, tmp_path: Path) -> None:
    import_transcripts(project, [write(tmp_path, "iom_03.txt", INTERVIEW)])
    attributes = write(
        tmp_path, "a.csv", "transcript,contact\niom_03,Maria Lopez at +41 22 717 91 11\n"
    )
    before = project.row_counts()
    with pytest.raises(AnonymisationError, match=r"attribute contact.*phone number"):
        import_attributes(project, attributes)
    assert project.row_counts() == before
    import_attributes(project, attributes, pseudonyms=PSEUDONYMS)
    with project.session() as session:
        (value,) = session.execute(text("SELECT value FROM attribute")).scalars()
    assert value == "[Respondent A] at [phone]"


def test_one_attributes_file_serves_every_batch(project: Project, tmp_path: Path) -> None:
    study = write(tmp_path, "attributes.csv", ATTRIBUTES + "ms_01,member state official,1,2015\n")
    summary = import_transcripts(
        project, [write(tmp_path, "iom_03.txt", INTERVIEW)], attributes=study
    )
    assert summary.warnings[-1] == f"{study}:3: no transcript named 'ms_01' (row skipped)"
    (listed,) = project.transcripts()
    assert listed.attributes == {"group": "IOM official", "number": "3", "year": "2016"}


def test_transcripts_are_listed_in_natural_order(project: Project, tmp_path: Path) -> None:
    names = ["b2", "B10", "a10", "a9", "Zeta", "é1"]
    import_transcripts(project, [write(tmp_path, f"{n}.txt", INTERVIEW) for n in names])
    assert [t.name for t in project.transcripts()] == ["a9", "a10", "b2", "B10", "Zeta", "é1"]
