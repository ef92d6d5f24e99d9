"""Every way codes enter the codebook is one event of its history, with who, when and where
they came from (the source's name as the gate left it): a codebook file (YAML or .qdc), a
merged copy, an imported REFI-QDA archive; and a log written before merges and imports named
their codes still reads."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from cli_project import FIXTURES, make_project, run
from sqlalchemy import delete, update

from workbench.codebook import service
from workbench.codebook.evolution import codebook_evolution, evolution_events
from workbench.codebook.files import load_codebook
from workbench.exchange.codebook_gate import load_screened
from workbench.exchange.merge import merge_project
from workbench.exchange.qdpx_files import import_qdpx, load_qdc
from workbench.store import tables
from workbench.store.project import ACTOR_ENV, Project
from workbench.store.snapshot import read_snapshot

SMALL = FIXTURES / "codebooks" / "small.yaml"
REFI = FIXTURES / "refi"
ATLAS_CODES = (
    "Coke; Coke/full-fat Coke; Coke/diet Coke; milk; Feelings; Feelings/negative; "
    "Feelings/negative/disgust"
)
QDC_CODES = "Topics; Topics/Economy; Topics/Health care"  # its retired code is not loaded


def arrivals(project: Project) -> list[list[object]]:
    """`actor, codes, code, why` of each event that brought codes in, as the CLI and the
    appendix read them."""
    events = evolution_events(codebook_evolution(project))
    return events[events["change"] == "loaded"][["actor", "codes", "code", "why"]].values.tolist()


def test_files_copies_and_archives_each_bring_codes_in_as_one_event(
    location: str, tmp_path: Path
) -> None:
    """A YAML load, a .qdc load, an archive imported and a copy merged: four events, each
    naming its new codes and its source, by whoever did it, in the order they happened."""
    copy_path = tmp_path / "bea.db"
    with Project.init(str(copy_path), actor="bea") as copy:
        service.create(copy, "Donors", why="came up twice")
        service.create(copy, "Donors/Earmarking", why="a kind of it")
        copy_snapshot = read_snapshot(copy)
    with Project.init(location, actor="lead") as project:
        load_screened(project, SMALL)
        load_qdc(project, REFI / "codebook.qdc")
        import_qdpx(project, REFI / "atlas_flat.qdpx")
        merge_project(project, copy_snapshot, str(copy_path), "bea.db")
        assert arrivals(project) == [
            ["lead", 6, "Legitimation; Legitimation/Normative claims; "
             "Legitimation/Operational performance; Protection DNA; "
             "Protection DNA/Comparison with UNHCR; Funding",
             "codebook loaded: 6 codes from small.yaml"],
            ["lead", 3, QDC_CODES, "codebook loaded: 3 codes from codebook.qdc"],
            ["lead", 7, ATLAS_CODES,
             "codebook loaded: 7 codes from atlas_flat.qdpx (a REFI-QDA project imported)"],
            ["lead", 2, "Donors; Donors/Earmarking",
             "codebook loaded: 2 codes from bea.db (a copy merged in)"],
        ]  # fmt: skip
        # The copy's own log comes along: who created its codes, and why.
        frame = codebook_evolution(project)
        created = frame[frame["change"] == "created"]
        assert created[["actor", "code", "why"]].values.tolist() == [
            ["bea", "Donors", "came up twice"],
            ["bea", "Donors/Earmarking", "a kind of it"],
        ]
        assert frame["at"].is_monotonic_increasing
        # Merging the same copy again brings nothing in, and says nothing came.
        merge_project(project, copy_snapshot, str(copy_path), "bea.db")
        assert len(arrivals(project)) == 4


def test_an_archive_imported_into_an_empty_project_is_its_codebook_s_history(
    location: str,
) -> None:
    with Project.init(location, actor="lead") as project:
        import_qdpx(project, REFI / "atlas_flat.qdpx")
        (event,) = evolution_events(codebook_evolution(project)).to_dict("records")
        assert (event["actor"], event["change"], event["codes"]) == ("lead", "loaded", 7)
        assert event["why"] == (
            "codebook loaded: 7 codes from atlas_flat.qdpx (a REFI-QDA project imported)"
        )
        # Codes renamed since are followed to their names today.
        service.rename(project, "Coke", "Cola", why="the brand aside")
        (loaded,) = arrivals(project)
        assert loaded[2].startswith("Cola; Cola/full-fat Coke; Cola/diet Coke; milk; ")


def test_an_archive_named_after_someone_is_logged_as_the_table_leaves_its_name(
    sqlite_location: str, tmp_path: Path
) -> None:
    named = tmp_path / "okafor_codes.qdpx"
    shutil.copy(REFI / "atlas_flat.qdpx", named)
    table = FIXTURES / "anonymise" / "pseudonyms.csv"
    with Project.init(sqlite_location) as project:
        import_qdpx(project, named, pseudonyms=table)
        ((_actor, codes, _code, why),) = arrivals(project)
        assert codes == 7
        source = "[Colleague B]_codes.qdpx (a REFI-QDA project imported)"
        assert why == f"codebook loaded: 7 codes from {source}"
        assert all("okafor" not in event.target.lower() for event in project.events())


def test_codes_a_copy_got_by_a_merge_do_not_come_back_as_new(location: str, tmp_path: Path) -> None:
    """A coder's copy made by merging the lead's project into an empty one: merging it back
    brings the one code the coder added, not the lead's own codes a second time."""
    with Project.init(location, actor="lead") as lead:
        service.load(lead, load_codebook(SMALL), "small.yaml")
        with Project.init(str(tmp_path / "anna.db"), actor="anna") as anna:
            merge_project(anna, read_snapshot(lead), "lead.db")
            # The copy's history: the lead's load (its log came along), then the merge.
            assert [why for *_, why in arrivals(anna)] == [
                "codebook loaded: 6 codes from small.yaml",
                "codebook loaded: 6 codes from lead.db (a copy merged in)",
            ]
            service.create(anna, "Funding/Earmarking", why="in the second interview")
            back = read_snapshot(anna)
        merge_project(lead, back, "anna.db")
        assert [(who, codes, why) for who, codes, _code, why in arrivals(lead)] == [
            ("lead", 6, "codebook loaded: 6 codes from small.yaml"),
            ("lead", 1, "codebook loaded: 1 code from anna.db (a copy merged in)"),
        ]


def test_the_merge_command_logs_the_copy_by_the_name_given_and_screens_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lead = make_project(tmp_path)
    copies = tmp_path / "copies"
    copies.mkdir()
    copy = str(copies / "ben.db")
    assert run("init", "-p", copy)[0] == 0
    assert run("codebook", "add", "-p", copy, "Trust", "--why", "new idea")[0] == 0
    monkeypatch.setenv(ACTOR_ENV, "lena")
    code, _out, err = run("merge", "-p", lead, copy)
    assert code == 0, err
    code, out, err = run("codebook", "history", "-p", lead)
    assert code == 0, err
    last = out.splitlines()[-1]
    assert last.endswith("  lena  codebook loaded: 1 code from ben.db (a copy merged in)"), out
    # A copy whose file name holds an e-mail address is refused, in one line naming it.
    named = copies / "ben.k@example.org.db"
    shutil.copy(copy, named)
    assert run("codebook", "add", "-p", str(named), "Risk", "--why", "another")[0] == 0
    with Project.open(lead) as project:
        before = project.row_counts()
    code, _out, err = run("merge", "-p", lead, str(named))
    assert code == 2 and len(err.strip().splitlines()) == 1, err
    assert f"{named} (file name)" in err and "e-mail address" in err
    with Project.open(lead) as project:
        assert project.row_counts() == before


def test_a_log_written_before_merges_named_their_codes_still_reads(
    location: str, tmp_path: Path
) -> None:
    """An older project: its first load named no codes, a later one named them, and an
    archive was imported when imports logged only how many codes they added. Its history
    reads as it did (the unnamed codes with the first load); a merge now adds its event."""
    with Project.init(location, actor="old") as project:
        service.load(project, load_codebook(SMALL), "small.yaml")
        import_qdpx(project, REFI / "atlas_flat.qdpx")
        event = tables.event.c
        loads = event.action == "codebook.load"
        with project.writing() as session:  # the entries as older versions wrote them
            session.execute(delete(tables.event).where(loads, event.detail.contains('"via"')))
            old = json.dumps({"created": 6, "updated": 0})
            session.execute(update(tables.event).where(loads).values(detail=old))
        frame = evolution_events(codebook_evolution(project))
        (old_load,) = frame[frame["change"] == "loaded"].to_dict("records")
        assert old_load["codes"] == 13
        assert old_load["why"] == (
            "codebook loaded: 13 codes from small.yaml (the first load: the log does not name "
            "its codes)"
        )
        with Project.init(str(tmp_path / "c.db"), actor="cleo") as copy:
            service.create(copy, "Trust", why="new")
            snapshot = read_snapshot(copy)
        merge_project(project, snapshot, "c.db")
        assert [codes for _who, codes, _code, _why in arrivals(project)] == [13, 1]
        assert arrivals(project)[1][3] == "codebook loaded: 1 code from c.db (a copy merged in)"


def test_a_load_or_merge_that_changes_codes_is_one_event_naming_them(
    location: str, tmp_path: Path
) -> None:
    """A second codebook file changes one definition and adds a code; a third only changes a
    colour; loading it again changes nothing; a copy fills in a definition left empty here.
    Each change is one event, naming its source and the codes it changed."""
    revised = tmp_path / "small_v2.yaml"
    text = SMALL.read_text(encoding="utf-8")
    revised.write_text(
        text.replace("How the organisation justifies its role.", "Why it may act at all.")
        + "  - name: Donors\n",
        encoding="utf-8",
    )
    recoloured = tmp_path / "small_v3.yaml"
    recoloured.write_text(
        revised.read_text(encoding="utf-8").replace("#e0a030", "#e0a031"), encoding="utf-8"
    )
    copy_path = tmp_path / "bea.db"
    with Project.init(location, actor="lead") as project:
        load_screened(project, SMALL)
        with Project.init(str(copy_path), actor="bea") as copy:
            merge_project(copy, read_snapshot(project), "lead.db")
            service.edit(copy, "Funding", "a definition", name="Funding", key="F", colour=None,
                         description="Money and who decides on it.")  # fmt: skip
            snapshot = read_snapshot(copy)
        load_screened(project, revised)
        load_screened(project, recoloured)
        load_screened(project, recoloured)
        merge_project(project, snapshot, str(copy_path), "bea.db")
        events = evolution_events(codebook_evolution(project))
        got = events[["actor", "change", "codes", "code", "why"]].values.tolist()
        assert got[1:] == [
            ["bea", "edited", 1, "Funding", "a definition"],  # in the copy, before the loads
            ["lead", "loaded", 1, "Donors",
             "codebook loaded: 1 code from small_v2.yaml, 1 code updated"],
            ["lead", "updated", 1, "Legitimation",
             "codebook loaded: 1 code updated from small_v3.yaml"],
            ["lead", "updated", 1, "Funding",
             "codebook loaded: 1 code updated from bea.db (a copy merged in)"],
        ]  # fmt: skip
        # Each code's own rows say which load changed it.
        frame = codebook_evolution(project)
        updated = frame[frame["change"] == "updated"]
        assert updated[["code", "why"]].values.tolist() == [
            ["Legitimation", "loaded from small_v2.yaml"],
            ["Legitimation", "loaded from small_v3.yaml"],
            ["Funding", "loaded from bea.db (a copy merged in)"],
        ]


def test_a_new_code_named_after_the_copy_takes_the_name_the_log_keeps(
    location: str, tmp_path: Path
) -> None:
    """A copy's new code whose name another code took here is stored as "Name (COPY)": COPY
    as the gate left the copy's name, as the log and the history name it."""
    with Project.init(location, actor="lead") as lead:
        service.load(lead, load_codebook(SMALL), "small.yaml")
        copies = []
        for name in ("anna", "ben"):
            with Project.init(str(tmp_path / f"{name}.db"), actor=name) as copy:
                merge_project(copy, read_snapshot(lead), "lead.db")
                if name == "anna":
                    service.rename(copy, "Funding", "Finance", why="broader")
                else:
                    service.create(copy, "Finance", why="another idea")
                copies.append(read_snapshot(copy))
        merge_project(lead, copies[0], "anna.db")
        merge_project(lead, copies[1], "copies/maria_ben.db", "[Respondent A]_ben.db")
        (_actor, codes, code, why) = arrivals(lead)[-1]
        assert (codes, code) == (1, "Finance ([Respondent A]_ben.db)")
        assert why == "codebook loaded: 1 code from [Respondent A]_ben.db (a copy merged in)"
