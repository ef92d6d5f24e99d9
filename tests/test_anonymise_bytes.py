"""After import with a pseudonym table, no seeded identifier is left in the database's bytes."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from workbench.errors import AnonymisationError
from workbench.exchange.codebook_gate import load_screened
from workbench.exchange.codings_csv import import_codings
from workbench.store.project import Project
from workbench.transcripts.importer import import_transcripts

TABLE = """original,replacement
Lukasz Nowak,Respondent A
Lukasz,Respondent A
Álvarez-Núñez,Official B
Søren Berg,Colleague C
Dorde Petrovic,Official D
Øyvind Dahl,Researcher E
Thorunn,Colleague F
Maria,Respondent G
"""

# file name -> text; the names are seeded too.
TRANSCRIPTS = {
    "call_maria.k@gmail.com_+41227179111.txt": (
        "Interviewer: Who was there?\n\n"
        "Respondent: Łukasz Nowak and Álvarez Núñez. Write to soeren.berg@iom.int or call "
        "+41 22 717 91 11.\n\n"
        "Interviewer: And Soeren Berg?\n\n"
        "Respondent: Soeren Berg left; see https://www.example.org/staff/sb for him.\n"
    ),
    "interview_lukasz_2016.txt": (
        "Interviewer: Who spoke first?\n\nĐorđe Petrović: I did, with Łukasz.\n"
    ),
}
ATTRIBUTES = "transcript,contact\ninterview_lukasz_2016,Dorde Petrovic +44 20 7946 0958\n"
CODINGS = (
    "transcript,coder,code,start,end,memo\n"
    'interview_lukasz_2016,ana.silva@unige.ch,Legitimation,0,11,"Øyvind Dahl asked, '
    'oyvind.dahl@uib.no"\n'
)
CODEBOOK = """name: Study codebook
description: Codes for the study.
codes:
  - name: Legitimation
    key: L
    description: As Þórunn put it, how the organisation justifies its role.
    example: call 020 7946 0959 for the unit
"""

SEEDS = [
    *("maria.k@gmail.com", "gmail", "41227179111", "lukasz", "Łukasz", "Nowak"),
    *("Álvarez", "Núñez", "soeren.berg", "iom.int", "717 91 11", "Soeren", "Berg"),
    *("example.org", "Đorđe", "Petrović", "Petrovic", "7946 0958", "Øyvind", "Dahl"),
    *("uib.no", "ana.silva", "unige.ch", "Þórunn", "7946 0959"),
]


def patterns(seed: str) -> set[bytes]:
    """The seed's bytes as a database may hold them: UTF-8 and UTF-16-LE, NFC and NFD, as
    written and in lower case."""
    forms = {unicodedata.normalize(f, s) for f in ("NFC", "NFD") for s in (seed, seed.lower())}
    return {form.encode(encoding) for form in forms for encoding in ("utf-8", "utf-16-le")}


def seeds_in(database: Path) -> list[str]:
    """The seeds found in the raw bytes of the database file and its WAL."""
    data = b"".join(
        path.read_bytes() for path in (database, Path(f"{database}-wal")) if path.exists()
    )
    return [seed for seed in SEEDS if any(p in data for p in patterns(seed))]


def import_seeded_study(project: Project, folder: Path) -> None:
    """The seeded corpus through every entry path, with the pseudonym table."""
    (folder / "table.csv").write_text(TABLE, encoding="utf-8")
    table = folder / "table.csv"
    (folder / "codebook.yaml").write_text(CODEBOOK, encoding="utf-8")
    load_screened(project, folder / "codebook.yaml", pseudonyms=table)
    paths = []
    for name, text in TRANSCRIPTS.items():
        (folder / name).write_text(text, encoding="utf-8")
        paths.append(folder / name)
    (folder / "attributes.csv").write_text(ATTRIBUTES, encoding="utf-8")
    import_transcripts(project, paths, pseudonyms=table, attributes=folder / "attributes.csv")
    (folder / "codings.csv").write_text(CODINGS, encoding="utf-8")
    import_codings(project, folder / "codings.csv", pseudonyms=table)


def test_no_seeded_identifier_is_left_in_the_database_bytes(tmp_path: Path) -> None:
    database = tmp_path / "project.db"
    with Project.init(str(database), actor="tester") as project:
        import_seeded_study(project, tmp_path)
        assert len(project.transcripts()) == 2  # the corpus went in
        assert seeds_in(database) == []
    assert seeds_in(database) == []


def test_the_byte_search_finds_seeds_that_are_stored(tmp_path: Path) -> None:
    database = tmp_path / "project.db"
    database.write_bytes(
        "Þórunn".encode("utf-16-le") + unicodedata.normalize("NFD", "Núñez").encode()
    )
    assert seeds_in(database) == ["Núñez", "Þórunn"]


def test_identifiers_in_memos_coders_and_codebook_texts_are_refused_without_a_table(
    tmp_path: Path,
) -> None:
    with Project.init(str(tmp_path / "project.db"), actor="tester") as project:
        (tmp_path / "codebook.yaml").write_text(CODEBOOK, encoding="utf-8")
        before = project.row_counts()
        with pytest.raises(AnonymisationError, match=r"codebook.yaml:4: phone number"):
            load_screened(project, tmp_path / "codebook.yaml")
        assert project.row_counts() == before
        load_screened(project, tmp_path / "codebook.yaml", allow_identifiers=True)
        (tmp_path / "ms_02.txt").write_text(TRANSCRIPTS["interview_lukasz_2016.txt"])
        import_transcripts(project, [tmp_path / "ms_02.txt"])
        codings = tmp_path / "codings.csv"
        codings.write_text(CODINGS.replace("interview_lukasz_2016", "ms_02"), encoding="utf-8")
        before = project.row_counts()
        with pytest.raises(AnonymisationError) as refused:
            import_codings(project, codings)
        assert "(coder name): e-mail address" in str(refused.value)
        assert "(memo):1: e-mail address" in str(refused.value)
        assert project.row_counts() == before
