"""After import with a pseudonym table, no seeded identifier is left in the database's bytes."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from workbench.anonymise.detectors import KINDS, detect
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
Tromsø,City H
Nyon,Town I
Aiyana Redcloud,Respondent J
Nguyen Thi Lan,Respondent K
"""

# file name -> text; the names are seeded too. Every kind, in every stored field: file,
# transcript and source names, speaker labels and text, attribute values, coding memos,
# coder names, codebook texts and the audit log's details (file names it records).
TRANSCRIPTS = {
    "call_maria.k@gmail.com_+41227179111.txt": (
        "Interviewer: Who was there?\n\n"
        "Respondent: Łukasz Nowak and Álvarez Núñez. Write to soeren.berg@iom.int or call "
        "+41 22 717 91 11, or soren at iom dot int.\n\n"
        "Interviewer: And Soeren Berg?\n\n"
        "Respondent: Soeren Berg left; see https://www.example.org/staff/sb for him. He was "
        "born on 14 March 1981 in Tromsø. My IBAN is CH93 0076 2011 6238 5295 7, my AHV "
        "number 756.1234.5678.97.\n"
    ),
    "interview_lukasz_2016.txt": (
        "Interviewer: Who spoke first?\n\nĐorđe Petrović: I did, with Łukasz. I live at "
        "Rue de Lausanne 45, 1202 Genève, near Nyon; before that at 45 Baker Street, London "
        "NW1 6XE. My SSN was 123-45-6789, my passport C01X00T47, the server 192.168.14.201. "
        "Call 717 9111. Born 1981-03-14.\n"
    ),
    "dob_1981-03-14_Tromsø.txt": (
        "Interviewer: Where did you work?\n\n"
        "Aiyana Redcloud: At 10 Downing St, London SW1A 2AA, with Nguyen Thi Lan.\n"
    ),
}
ATTRIBUTES = (
    "transcript,contact,address,bank,dob\n"
    'interview_lukasz_2016,Dorde Petrovic +44 20 7946 0958,"Bahnhofstrasse 12, 8001 Zürich",'
    "DE89 3704 0044 0532 0130 00,14.03.1981\n"
)
CODINGS = (
    "transcript,coder,code,start,end,memo\n"
    'interview_lukasz_2016,ana.silva@unige.ch,Legitimation,0,11,"Øyvind Dahl asked, '
    'oyvind.dahl@uib.no; also j.doe at un dot org, from 10.0.12.7, born 02/28/1979"\n'
    "interview_lukasz_2016,Maria,Legitimation,0,11,\n"
)
CODEBOOK = """name: Study codebook
description: Codes for the study.
codes:
  - name: Legitimation
    key: L
    description: As Þórunn put it, how the organisation justifies its role.
    example: call 020 7946 0959 for the unit
    include: the office at Chemin des Crêts 17a, CH-1218 Grand-Saconnex
    exclude: SSN 078-05-1120
"""
# Files whose names the audit log records.
CODEBOOK_FILE, ATTRIBUTES_FILE, CODINGS_FILE = (
    "codebook_thorunn.yaml",
    "attributes_maria.csv",
    "codings_nyon.csv",
)

SEEDS = [
    *("maria.k@gmail.com", "gmail", "41227179111", "lukasz", "Łukasz", "Nowak"),
    *("Álvarez", "Núñez", "soeren.berg", "iom.int", "717 91 11", "Soeren", "Berg"),
    *("example.org", "Đorđe", "Petrović", "Petrovic", "7946 0958", "Øyvind", "Dahl"),
    *("uib.no", "ana.silva", "unige.ch", "Þórunn", "7946 0959", "thorunn"),
    # obfuscated e-mails, dates of birth, places
    *("iom dot int", "un dot org", "14 March 1981", "1981-03-14", "14.03.1981", "02/28/1979"),
    *("Tromsø", "Nyon", "Genève", "Zürich", "Grand-Saconnex"),
    # IBAN, national IDs, passport, IP addresses, a local phone number
    *("CH93 0076", "6238 5295", "DE89 3704", "0532 0130", "756.1234.5678.97"),
    *("123-45-6789", "078-05-1120", "C01X00T47", "192.168.14.201", "10.0.12.7", "717 9111"),
    # street addresses and postcodes
    *("Rue de Lausanne", "1202", "Baker Street", "NW1 6XE", "Downing", "SW1A 2AA"),
    *("Bahnhofstrasse", "8001", "Chemin des Cr", "1218", "nyon", "maria"),
    # names in speaker labels and text, non-European
    *("Aiyana", "Redcloud", "Nguyen"),
]


def patterns(seed: str) -> set[bytes]:
    """The seed's bytes as a database may hold them: UTF-8 and UTF-16-LE, NFC and NFD, as
    written and in lower case, and escaped as JSON writes it by default (the log's details)."""
    forms = {unicodedata.normalize(f, s) for f in ("NFC", "NFD") for s in (seed, seed.lower())}
    forms |= {json.dumps(form)[1:-1] for form in forms}
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
    (folder / CODEBOOK_FILE).write_text(CODEBOOK, encoding="utf-8")
    load_screened(project, folder / CODEBOOK_FILE, pseudonyms=table)
    paths = []
    for name, text in TRANSCRIPTS.items():
        (folder / name).write_text(text, encoding="utf-8")
        paths.append(folder / name)
    (folder / ATTRIBUTES_FILE).write_text(ATTRIBUTES, encoding="utf-8")
    import_transcripts(project, paths, pseudonyms=table, attributes=folder / ATTRIBUTES_FILE)
    (folder / CODINGS_FILE).write_text(CODINGS, encoding="utf-8")
    import_codings(project, folder / CODINGS_FILE, pseudonyms=table)


def test_no_seeded_identifier_is_left_in_the_database_bytes(tmp_path: Path) -> None:
    database = tmp_path / "project.db"
    with Project.init(str(database), actor="tester") as project:
        import_seeded_study(project, tmp_path)
        assert len(project.transcripts()) == 3  # the corpus went in, every field of it
        assert len(project.coders()) == 2 and len(project.codings()) == 2
        assert all(t.attributes for t in project.transcripts() if "2016" in t.name)
        found = seeds_in(database)
        print(f"byte audit: {len(found)} of {len(SEEDS)} seeded identifiers found: {found}")
        assert found == []
    assert seeds_in(database) == []


def test_the_seeded_corpus_holds_every_kind_in_every_field() -> None:
    fields = {
        "file names": " ".join(TRANSCRIPTS),
        "texts": " ".join(TRANSCRIPTS.values()),
        "attributes": ATTRIBUTES,
        "memos and coders": CODINGS,
        "codebook texts": CODEBOOK,
    }
    found = {name: {d.kind for d in detect(text, KINDS)} for name, text in fields.items()}
    assert set().union(*found.values()) >= set(KINDS) - {"name", "place"}
    assert all(found.values())  # an identifier the detectors know in every field
    originals = [line.split(",")[0].lower() for line in TABLE.splitlines()[1:]]
    logged_names = (CODEBOOK_FILE, ATTRIBUTES_FILE, CODINGS_FILE)  # the audit log records them
    assert all(any(o in name for o in originals) for name in logged_names)


def test_the_byte_search_finds_seeds_that_are_stored(tmp_path: Path) -> None:
    database = tmp_path / "project.db"
    database.write_bytes(
        "Þórunn".encode("utf-16-le") + unicodedata.normalize("NFD", "Núñez").encode()
    )
    assert seeds_in(database) == ["Núñez", "Þórunn"]
    database.write_bytes(json.dumps({"files": ["Łukasz.txt"]}).encode())  # "\\u0141ukasz"
    assert seeds_in(database) == ["Łukasz"]


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
        import_transcripts(project, [tmp_path / "ms_02.txt"], allow_identifiers=True)
        codings = tmp_path / "codings.csv"
        codings.write_text(CODINGS.replace("interview_lukasz_2016", "ms_02"), encoding="utf-8")
        before = project.row_counts()
        with pytest.raises(AnonymisationError) as refused:
            import_codings(project, codings)
        assert "(coder name): e-mail address" in str(refused.value)
        assert "(memo):1: e-mail address" in str(refused.value)
        assert project.row_counts() == before
