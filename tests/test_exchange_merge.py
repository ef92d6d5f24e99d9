"""Merging coders' copies of a project: matched not duplicated, differences listed, all or none."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from workbench.codebook import export, service
from workbench.coding.actions import CoderActions
from workbench.coding.status import set_status
from workbench.domain import ProjectSnapshot
from workbench.exchange.merge import merge_project
from workbench.store.project import Project
from workbench.store.snapshot import read_snapshot


def essentials(snapshot: ProjectSnapshot) -> dict[str, object]:
    """What two copies must agree on (ids, times and the audit log aside)."""
    return {
        "codes": sorted((replace(code, position=0) for code in snapshot.codes), key=repr),
        "coders": snapshot.coders,
        "transcripts": snapshot.transcripts,
        "codings": sorted(
            (c.transcript, c.code_guid, c.coder, c.start, c.end, c.memo) for c in snapshot.codings
        ),
        "memos": sorted(snapshot.memos, key=repr),
        "statuses": snapshot.statuses,
    }


def copy_of(project: Project, path: Path) -> Project:
    """A coder's copy: a new SQLite project with everything `project` has."""
    copy = Project.init(str(path), actor="copier")
    merge_project(copy, read_snapshot(project), "the lead's project")
    return copy


@pytest.fixture
def lead(location: str, built_sample: Path) -> Iterator[Project]:
    """The sample study copied into a new project on SQLite or PostgreSQL."""
    with Project.open(str(built_sample)) as sample, Project.init(location, actor="lead") as made:
        report = merge_project(made, read_snapshot(sample), "sample.db")
        assert report.conflicts == []
        yield made


def test_merging_into_an_empty_project_copies_everything(lead: Project, built_sample: Path) -> None:
    with Project.open(str(built_sample)) as sample:
        assert essentials(read_snapshot(lead)) == essentials(read_snapshot(sample))
        assert lead.transcript("iom_03").text == sample.transcript("iom_03").text


def test_each_coder_codes_a_copy_and_the_lead_merges_them(lead: Project, tmp_path: Path) -> None:
    anna_copy, ben_copy = copy_of(lead, tmp_path / "anna.db"), copy_of(lead, tmp_path / "ben.db")
    text = lead.transcript("iom_03").text
    start = text.index("mandate")
    with anna_copy, ben_copy:
        anna = CoderActions(anna_copy, "anna")
        added = anna.apply("iom_03", "Legitimation", start, start + 7)
        anna.set_memo(added.id, "the word itself")
        service.create(anna_copy, "Legitimation/Mandate talk", why="in vivo")
        anna.apply("iom_03", "Legitimation/Mandate talk", start, start + 7)
        anna.set_transcript_memo("iom_03", "Respondent hedges on mandate.")
        CoderActions(ben_copy, "ben").apply("ms_01", "Projectised funding", 0, 5)
        CoderActions(ben_copy, "carla").apply("ms_01", "Projectised funding", 0, 5)
        set_status(ben_copy, "ms_01", "carla", "done")
        service.rename(ben_copy, "Projectised funding", "Funding pressures", why="clearer")
        before = len(lead.codings())

        first = merge_project(lead, read_snapshot(anna_copy), "anna.db")
        second = merge_project(lead, read_snapshot(ben_copy), "ben.db")

        assert first.added["coding"] == 2 and first.added["code"] == 1 and first.added["memo"] == 1
        assert second.added["coding"] == 2 and second.added["coder"] == 1
        assert second.added["codebook change"] == 1 and first.conflicts == second.conflicts == []
        codings = lead.codings()
        assert len(codings) == before + 4
        mine = [c for c in codings if c.coder == "anna" and (c.start, c.end) == (start, start + 7)]
        assert {c.code for c in mine} == {"Legitimation", "Legitimation/Mandate talk"}
        assert {c.memo for c in mine} == {"the word itself", ""}
        assert "Funding pressures" in {code.path for code in service.codes(lead)}
        assert CoderActions(lead, "anna").transcript_memo("iom_03").startswith("Respondent")
        from workbench.coding.progress import statuses

        assert statuses(lead, "carla")["ms_01"] == "done"

        # Merging the same copies again adds nothing and finds no conflict.
        for copy, name in ((anna_copy, "anna.db"), (ben_copy, "ben.db")):
            again = merge_project(lead, read_snapshot(copy), name)
            assert sum(again.added.values()) == 0, again.lines()
            assert again.conflicts == []
        assert len(lead.codings()) == before + 4


def test_a_code_renamed_two_ways_is_a_listed_conflict(lead: Project, tmp_path: Path) -> None:
    first, second = copy_of(lead, tmp_path / "a.db"), copy_of(lead, tmp_path / "b.db")
    with first, second:
        service.rename(first, "Projectised funding", "Money", why="shorter")
        service.rename(second, "Projectised funding", "Finance", why="plainer")
        merge_project(lead, read_snapshot(first), "a.db")
        report = merge_project(lead, read_snapshot(second), "b.db")
    paths = {code.path for code in service.codes(lead)}
    assert "Money" in paths and "Finance" not in paths
    assert any("'Money'" in c and "'Finance'" in c for c in report.conflicts), report.conflicts
    assert report.added["codebook change"] == 0


def test_a_transcript_with_other_text_is_refused_and_its_codings_listed(
    lead: Project, tmp_path: Path
) -> None:
    from workbench.transcripts.importer import import_transcripts

    other_file = tmp_path / "iom_03.txt"
    other_file.write_text("Interviewer: Hello?\n\nRespondent: Quite another talk.\n")
    with Project.init(str(tmp_path / "other.db")) as other:
        service.load(other, export.export_spec(lead), "lead")
        import_transcripts(other, [other_file])
        CoderActions(other, "dora").apply("iom_03", "Projectised funding", 0, 5)
        counts = lead.row_counts()
        report = merge_project(lead, read_snapshot(other), "other.db")
    assert report.added["coding"] == 0 and report.added["transcript"] == 0
    assert [c for c in report.conflicts if "iom_03" in c] == [
        "transcript 'iom_03' has other text in other.db: 1 coding not brought in: dora [0, 5)",
        "dora's status on iom_03 (in progress) not brought in (the transcript has other text "
        "in other.db)",
    ]
    after = lead.row_counts()
    assert after["coding"] == counts["coding"] and after["transcript"] == counts["transcript"]


def test_a_failing_merge_changes_nothing(
    lead: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = copy_of(lead, tmp_path / "copy.db")
    with copy:
        CoderActions(copy, "anna").apply("ms_01", "Projectised funding", 0, 5)
        service.create(copy, "Brand new", why="test")
        snapshot = read_snapshot(copy)
    counts = lead.row_counts()

    def broken(*_args: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr("workbench.exchange.merge.add_codings", broken)
    with pytest.raises(RuntimeError):
        merge_project(lead, snapshot, "copy.db")
    assert lead.row_counts() == counts


def test_the_merge_command_reports_and_refuses_bad_input(
    built_sample: Path, tmp_path: Path
) -> None:
    from click.testing import CliRunner

    from workbench.cli import main

    lead = str(tmp_path / "lead.db")
    Project.init(lead).close()
    runner = CliRunner()
    first = runner.invoke(main, ["merge", "-p", lead, str(built_sample)])
    assert first.exit_code == 0, first.output
    assert first.stdout.splitlines()[0] == (
        f"merged {built_sample}: added 8 transcripts, 21 codes, 2 coders, 414 codings, "
        "16 coder statuses"
    )
    again = runner.invoke(main, ["merge", "-p", lead, str(built_sample)])
    assert again.stdout.splitlines()[0] == f"merged {built_sample}: added nothing"
    itself = runner.invoke(main, ["merge", "-p", lead, lead])
    assert itself.exit_code == 2 and "is the project itself" in itself.stderr
    missing = runner.invoke(main, ["merge", "-p", lead, str(tmp_path / "none.db")])
    assert missing.exit_code == 2 and missing.stderr.endswith("no such file (the copy to merge)\n")


def test_memos_one_per_coder_and_transcript_many_on_the_project(
    lead: Project, tmp_path: Path
) -> None:
    copy = copy_of(lead, tmp_path / "copy.db")
    with copy:
        CoderActions(lead, "anna").set_transcript_memo("iom_03", "Hedges.")
        CoderActions(copy, "anna").set_transcript_memo("iom_03", "Confident.")
        CoderActions(copy, "anna").set_transcript_memo("ms_01", "New memo.")
        snapshot = read_snapshot(copy)
    report = merge_project(lead, snapshot, "copy.db")
    assert report.conflicts == [
        "anna's memo on iom_03 differs in copy.db ('Confident.'); kept this copy's"
    ]
    assert report.added["memo"] == 1
    assert CoderActions(lead, "anna").transcript_memo("iom_03") == "Hedges."
    assert CoderActions(lead, "anna").transcript_memo("ms_01") == "New memo."


def _codings_on(project: Project) -> dict[str, int]:
    counts: dict[str, int] = {}
    for coding in project.codings():
        counts[coding.code] = counts.get(coding.code, 0) + 1
    return counts


def _no_cycles_and_unique_names(project: Project) -> None:
    codes = service.codes(project)
    paths = [code.path for code in codes]
    assert len(paths) == len(set(paths)), "two codes share a path"
    assert len(codes) == len(read_snapshot(project).codes), "a code fell out of the tree"


def test_a_code_merged_in_a_copy_takes_its_codings_along(lead: Project, tmp_path: Path) -> None:
    copy = copy_of(lead, tmp_path / "ben.db")
    before = _codings_on(lead)
    with copy:
        service.merge(copy, "Projectised funding", "Accountability", why="one theme")
        snapshot = read_snapshot(copy)
    report = merge_project(lead, snapshot, "ben.db")
    after = _codings_on(lead)
    assert report.added["codebook change"] == 1 and report.conflicts == []
    assert "Projectised funding" not in after
    assert after["Accountability"] <= before["Accountability"] + before["Projectised funding"]
    assert sum(after.values()) == len(lead.codings()) <= sum(before.values())
    again = merge_project(lead, snapshot, "ben.db")
    assert sum(again.added.values()) == 0 and _codings_on(lead) == after


def test_codings_of_a_code_merged_twice_here_land_on_the_last(
    lead: Project, tmp_path: Path
) -> None:
    copy = copy_of(lead, tmp_path / "anna.db")
    service.merge(lead, "Legitimation/Normative claims", "Legitimation/UN system status", why="a")
    service.merge(
        lead, "Legitimation/UN system status", "Legitimation/Operational performance", why="b"
    )
    with copy:
        start = copy.transcript("ms_01").text.index("mandate")
        CoderActions(copy, "carla").apply(
            "ms_01", "Legitimation/Normative claims", start, start + 7
        )
        snapshot = read_snapshot(copy)
    report = merge_project(lead, snapshot, "anna.db")
    assert report.added["coding"] == 1
    (carla,) = [c for c in lead.codings() if c.coder == "carla"]
    assert carla.code == "Legitimation/Operational performance"
    on_merged = {"Legitimation/Normative claims", "Legitimation/UN system status"}
    assert not on_merged & set(_codings_on(lead))


def test_moves_that_would_make_a_cycle_are_a_conflict(lead: Project, tmp_path: Path) -> None:
    anna, ben = copy_of(lead, tmp_path / "anna.db"), copy_of(lead, tmp_path / "ben.db")
    with anna, ben:
        service.move(anna, "Protection DNA", "UN relationship", why="part of it")
        service.move(ben, "UN relationship", "Protection DNA", why="part of it")
        merge_project(lead, read_snapshot(anna), "anna.db")
        report = merge_project(lead, read_snapshot(ben), "ben.db")
    assert any("sit inside itself" in c for c in report.conflicts), report.conflicts
    _no_cycles_and_unique_names(lead)
    assert "UN relationship/Protection DNA" in {c.path for c in service.codes(lead)}


@pytest.mark.parametrize("parent", ["Legitimation/", ""])
def test_a_rename_onto_a_name_taken_here_is_a_conflict(
    parent: str, lead: Project, tmp_path: Path
) -> None:
    old = "Legitimation/Normative claims" if parent else "Organisational culture"
    anna, ben = copy_of(lead, tmp_path / "anna.db"), copy_of(lead, tmp_path / "ben.db")
    with anna, ben:
        service.rename(anna, old, "Claims", why="shorter")
        service.create(ben, f"{parent}Claims", why="new idea")
        CoderActions(ben, "ben").apply("ms_01", f"{parent}Claims", 0, 5)
        merge_project(lead, read_snapshot(ben), "ben.db")
        report = merge_project(lead, read_snapshot(anna), "anna.db")
    assert any("another code is named 'Claims'" in c for c in report.conflicts)
    _no_cycles_and_unique_names(lead)
    assert [c.code for c in lead.codings() if c.code.endswith("Claims")] == [f"{parent}Claims"]


def test_a_new_code_named_like_a_renamed_one_stays_another_code(
    lead: Project, tmp_path: Path
) -> None:
    anna, ben = copy_of(lead, tmp_path / "anna.db"), copy_of(lead, tmp_path / "ben.db")
    with anna, ben:
        service.rename(anna, "Organisational culture", "Culture", why="shorter")
        service.create(ben, "Culture", why="something else")
        CoderActions(ben, "ben").apply("ms_01", "Culture", 0, 5)
        merge_project(lead, read_snapshot(anna), "anna.db")
        report = merge_project(lead, read_snapshot(ben), "ben.db")
    paths = {c.path for c in service.codes(lead)}
    assert {"Culture", "Culture (ben.db)"} <= paths
    assert any("added as 'Culture (ben.db)'" in note for note in report.notes)
    assert [c.coder for c in lead.codings() if c.code == "Culture (ben.db)"] == ["ben"]


def test_a_rename_below_a_moved_parent_is_taken(lead: Project, tmp_path: Path) -> None:
    copy = copy_of(lead, tmp_path / "anna.db")
    with copy:
        service.rename(copy, "Legitimation/Normative claims", "Norms", why="shorter")
        service.move(copy, "Legitimation", "Accountability", why="a kind of it")
        snapshot = read_snapshot(copy)
    report = merge_project(lead, snapshot, "anna.db")
    assert report.conflicts == [] and report.added["codebook change"] == 2
    assert "Accountability/Legitimation/Norms" in {c.path for c in service.codes(lead)}


def test_new_codes_keep_the_codebook_whole(lead: Project, tmp_path: Path) -> None:
    copy = copy_of(lead, tmp_path / "anna.db")
    service.merge(lead, "Deference to states", "Internal policymaking", why="same")
    service.retire(lead, "Projectised funding", why="unused")
    service.create(lead, "Lead's own", why="x", key="Z")
    with copy:
        service.create(copy, "Deference to states/Sub", why="x")
        service.create(copy, "Projectised funding/Sub2", why="x")
        service.create(copy, "Keyed", why="x", key="Z")
        snapshot = read_snapshot(copy)
    report = merge_project(lead, snapshot, "anna.db")
    codes = {c.path: c for c in service.codes(lead)}
    assert codes["Internal policymaking/Sub"].status == "active"
    assert codes["Projectised funding/Sub2"].status == "retired"
    assert codes["Keyed"].key is None
    assert len(report.notes) >= 3
    _no_cycles_and_unique_names(lead)
