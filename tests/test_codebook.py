"""Codebook files and operations: load, export round trip, rename, move, merge, retire."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.csv_cells import AWKWARD, read_csv
from workbench.codebook import export, service
from workbench.codebook.files import TEXT_FIELDS, dump_codebook, load_codebook
from workbench.errors import CodebookError
from workbench.resources import data_dir
from workbench.store.project import Project

FIXTURES = Path(__file__).parent / "fixtures" / "codebooks"


def loaded(project: Project, name: str = "small.yaml") -> Project:
    service.load(project, load_codebook(FIXTURES / name), name)
    return project


def test_bundled_codebooks_are_valid_and_sized_for_the_study() -> None:
    study = load_codebook(data_dir("codebooks") / "iom_mandate.yaml")
    paths = [path for path, _ in study.walk()]
    assert 15 <= len(paths) <= 30
    assert {"Legitimation", "Multi-mandate tension", "Protection DNA"} <= set(paths)
    for _, code in study.walk():
        assert code.description and code.include and code.exclude and code.example, code.name
    starter = load_codebook(data_dir("codebooks") / "starter.yaml")
    assert len(starter.walk()) >= 5


@pytest.mark.parametrize(
    ("name", "line", "message"),
    [
        ("bad_key.yaml", 8, "key 'k' of 'Two/Three' is taken by 'One'"),
        ("command_key.yaml", 6, "key 'd' of 'Done' is a coding-screen command"),
        ("bad_field.yaml", 6, "colour"),
        ("bad_yaml.yaml", 5, "invalid YAML"),
    ],
)
def test_codebook_errors_name_file_and_line(name: str, line: int, message: str) -> None:
    with pytest.raises(CodebookError) as caught:
        load_codebook(FIXTURES / name)
    assert caught.value.line == line
    assert message in str(caught.value)
    assert str(caught.value).startswith(f"{FIXTURES / name}:{line}: ")


def test_load_builds_the_tree_with_paths_keys_and_definitions(project: Project) -> None:
    codes = {c.path: c for c in service.codes(loaded(project))}
    assert list(codes) == [
        "Legitimation",
        "Legitimation/Normative claims",
        "Legitimation/Operational performance",
        "Protection DNA",
        "Protection DNA/Comparison with UNHCR",
        "Funding",
    ]
    assert codes["Legitimation/Normative claims"].key == "1"
    assert codes["Legitimation/Normative claims"].include == "Appeals to rights and norms."
    assert codes["Legitimation"].colour == "#e0a030"
    assert project.setting("codebook.name") == "Small test codebook"


def test_export_yaml_loads_back_to_the_same_codebook(project: Project, tmp_path: Path) -> None:
    text = export.export_yaml(loaded(project))
    (tmp_path / "again.yaml").write_text(text, encoding="utf-8")
    again = load_codebook(tmp_path / "again.yaml")
    assert dump_codebook(again) == text
    # Loading the export again matches every code by guid: nothing new is created.
    assert service.load(project, again, "again.yaml") == (0, 6)


def test_export_folds_long_texts_as_people_write_them(tmp_path: Path) -> None:
    spec = load_codebook(data_dir("codebooks") / "iom_mandate.yaml")
    text = dump_codebook(spec)
    assert "description: >-\n" in text and "include: >-\n" in text
    assert max(len(line) for line in text.splitlines()) <= 100
    (tmp_path / "again.yaml").write_text(text, encoding="utf-8")
    again = load_codebook(tmp_path / "again.yaml")
    assert again.description == spec.description
    assert [(p, c.description, c.include, c.exclude, c.example) for p, c in again.walk()] == [
        (p, c.description, c.include, c.exclude, c.example) for p, c in spec.walk()
    ]


def test_export_csv_lists_every_code_with_status(project: Project) -> None:
    loaded(project)
    service.retire(project, "Funding", why="no longer used")
    lines = export.export_csv(project).splitlines()
    assert lines[0].startswith("path,name,parent,key,colour,status,merged_into,description")
    assert any(line.startswith("Funding,Funding,,,,retired,") for line in lines)


def test_reload_updates_and_never_deletes(project: Project, tmp_path: Path) -> None:
    loaded(project)
    (tmp_path / "one.yaml").write_text(
        "name: Smaller\ncodes:\n  - name: Funding\n    key: F\n    description: Money.\n",
        encoding="utf-8",
    )
    assert service.load(project, load_codebook(tmp_path / "one.yaml"), "one.yaml") == (0, 1)
    codes = {c.path: c for c in service.codes(project)}
    assert len(codes) == 6 and codes["Funding"].description == "Money."


def test_rename_move_merge_retire_are_logged_with_why(project: Project) -> None:
    loaded(project)
    assert service.rename(project, "Funding", "Projectised funding", why="clearer") == (
        "Projectised funding"
    )
    assert service.move(project, "Projectised funding", "Legitimation", why="belongs there") == (
        "Legitimation/Projectised funding"
    )
    assert service.move(project, "Legitimation/Projectised funding", None, why="back") == (
        "Projectised funding"
    )
    service.merge(project, "Operational performance", "Normative claims", why="too close")
    service.retire(project, "Comparison with UNHCR", why="rare")
    events = project.events("codebook.")
    assert [(e.action, e.why) for e in events[1:]] == [
        ("codebook.rename", "clearer"),
        ("codebook.move", "belongs there"),
        ("codebook.move", "back"),
        ("codebook.merge", "too close"),
        ("codebook.retire", "rare"),
    ]
    assert all(e.actor == "tester" for e in events)
    codes = {c.path: c for c in service.codes(project)}
    merged = codes["Legitimation/Operational performance"]
    assert merged.status == "merged" and merged.merged_into == "Legitimation/Normative claims"
    assert merged.key is None
    assert codes["Protection DNA/Comparison with UNHCR"].status == "retired"


@pytest.mark.parametrize(
    ("operation", "message"),
    [
        (lambda p: service.rename(p, "Funding", "Protection DNA", why="x"), "exists already"),
        (lambda p: service.rename(p, "Funding", "A/B", why="x"), "invalid code name"),
        (lambda p: service.rename(p, "Funding", "Money", why=" "), "say why"),
        (
            lambda p: service.move(p, "Legitimation", "Legitimation/Normative claims", why="x"),
            "under itself",
        ),
        (lambda p: service.merge(p, "Legitimation", "Funding", why="x"), "active child codes"),
        (lambda p: service.merge(p, "Funding", "Funding", why="x"), "into itself"),
        (lambda p: service.retire(p, "Nothing", why="x"), "no code 'Nothing'"),
        (lambda p: service.retire(p, "Legitimation", why="x"), "active child codes"),
        (lambda p: service.create(p, "Fresh", why="x", key="c"), "coding-screen command"),
        (lambda p: service.create(p, "Fresh", why="x", key="ab"), "one digit or letter"),
        (lambda p: service.create(p, "Fresh", why="x", colour="red"), "invalid colour"),
        (lambda p: edit(p, "Funding", key="1"), "taken by 'Legitimation/Normative claims'"),
        (lambda p: edit(p, "Funding", colour="#12345"), "invalid colour"),
        (lambda p: edit(p, "Funding", why=""), "say why"),
        (lambda p: edit(p, "Funding"), "nothing to change"),
    ],
)
def test_refused_operations_change_nothing(project: Project, operation, message: str) -> None:  # type: ignore[no-untyped-def]
    loaded(project)
    before = project.row_counts()
    codes_before = service.codes(project)
    with pytest.raises(CodebookError, match=message):
        operation(project)
    assert project.row_counts() == before
    assert service.codes(project) == codes_before


def edit(project: Project, code: str, why: str = "x", **changes: str | None) -> object:
    """`service.edit` of `code`, changing only `changes` (its other fields as they are)."""
    now = next(c for c in service.codes(project) if c.path == code)
    fields = {"name": now.name, "key": now.key, "colour": now.colour}
    return service.edit(
        project,
        code,
        why,
        **(fields | {"description": now.description} | changes),  # type: ignore[arg-type]
    )


def test_edit_sets_name_key_colour_and_definition_with_why(project: Project) -> None:
    loaded(project)
    changed = service.edit(
        project, "Funding", "clearer", name="Money", key="M", colour="#123abc", description="Cash."
    )
    assert (changed.path, changed.key, changed.colour, changed.description) == (
        "Money", "M", "#123abc", "Cash."
    )  # fmt: skip
    assert project.events("codebook.rename")[-1].target == "Funding"
    (event,) = project.events("codebook.edit")
    assert (event.target, event.why) == ("Money", "clearer")
    assert service.edit(project, "Money", "no key", name="Money", key="", colour=None,
                        description="Cash.").key is None  # fmt: skip


def test_ambiguous_names_need_a_path(project: Project) -> None:
    loaded(project)
    service.create(project, "Protection DNA/Normative claims", why="in vivo")
    with pytest.raises(CodebookError, match=r"ambiguous .*use a path"):
        service.retire(project, "Normative claims", why="x")
    assert service.retire(project, "Protection DNA/Normative claims", why="x") == (
        "Protection DNA/Normative claims"
    )


def test_nothing_moves_under_a_retired_code(project: Project) -> None:
    loaded(project)
    service.retire(project, "Funding", why="rare")
    with pytest.raises(CodebookError, match="is retired; move under an active code"):
        service.move(project, "Protection DNA", "Funding", why="x")


def test_a_rename_and_a_new_code_under_the_old_name_are_both_kept(
    project: Project, tmp_path: Path
) -> None:
    loaded(project)
    guid = {c.path: c.guid for c in service.codes(project)}["Funding"]
    # The new "Funding" comes first: the guid, not the order, decides which row is which.
    (tmp_path / "next.yaml").write_text(
        f"name: Next\ncodes:\n  - name: Funding\n  - name: Project funding\n    guid: {guid}\n",
        encoding="utf-8",
    )
    assert service.load(project, load_codebook(tmp_path / "next.yaml"), "next.yaml") == (1, 1)
    codes = {c.path: c for c in service.codes(project)}
    assert codes["Project funding"].guid == guid
    assert codes["Funding"].guid != guid


def test_export_keeps_active_codes_under_their_inactive_parent(project: Project) -> None:
    from sqlalchemy import update

    from workbench.store import models as m

    loaded(project)
    with project.session() as session:  # a project from before retire refused this
        session.execute(
            update(m.Code).where(m.Code.name == "Protection DNA").values(status="retired")
        )
    statuses = {path: code.status for path, code in export.export_spec(project).walk()}
    assert statuses["Protection DNA"] == "retired"
    assert statuses["Protection DNA/Comparison with UNHCR"] == "active"


def test_merge_keeps_a_memo_that_is_part_of_the_targets(project: Project, tmp_path: Path) -> None:
    from workbench.coding.actions import CoderActions
    from workbench.transcripts.importer import import_transcripts

    loaded(project)
    (tmp_path / "t1.txt").write_text("Respondent: We deliver what states ask.\n", "utf-8")
    import_transcripts(project, [tmp_path / "t1.txt"])
    anna = CoderActions(project, "anna")
    kept = anna.apply("t1", "Normative claims", 12, 22)
    gone = anna.apply("t1", "Operational performance", 12, 22)
    anna.set_memo(kept.id, "Not convincing at all")
    anna.set_memo(gone.id, "convincing")
    service.merge(project, "Operational performance", "Normative claims", why="too close")
    (coding,) = project.codings(coders=["anna"])
    assert coding.memo == "Not convincing at all\nconvincing"


G1, G2 = "11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222"


def write_codebook(folder: Path, body: str) -> Path:
    path = folder / "cb.yaml"
    path.write_text("name: Swaps\ncodes:\n" + body, encoding="utf-8")
    return path


def test_a_load_that_would_give_two_codes_one_name_is_refused(
    project: Project, tmp_path: Path
) -> None:
    first = f"  - name: Foo\n    guid: {G1}\n  - name: Bar\n    guid: {G2}\n"
    service.load(project, load_codebook(write_codebook(tmp_path, first)), "cb.yaml")
    before = service.codes(project)
    clash = f"  - name: Bar\n    guid: {G1}\n"  # Foo renamed to Bar, beside the real Bar
    with pytest.raises(CodebookError, match="'Bar' would have the name of 'Bar' in the project"):
        service.load(project, load_codebook(write_codebook(tmp_path, clash)), "cb.yaml")
    assert service.codes(project) == before


def test_a_load_may_swap_two_names(project: Project, tmp_path: Path) -> None:
    first = (
        f"  - name: Theme\n    children:\n      - name: Foo\n        guid: {G1}\n"
        f"      - name: Bar\n        guid: {G2}\n"
    )
    service.load(project, load_codebook(write_codebook(tmp_path, first)), "cb.yaml")
    swapped = first.replace("Foo", "Tmp").replace("Bar", "Foo").replace("Tmp", "Bar")
    assert service.load(project, load_codebook(write_codebook(tmp_path, swapped)), "cb.yaml") == (
        0,
        3,
    )
    guids = {c.path: c.guid for c in service.codes(project)}
    assert guids["Theme/Bar"] == G1 and guids["Theme/Foo"] == G2


def test_reloading_the_file_gives_a_merged_code_no_key(project: Project) -> None:
    loaded(project)
    service.merge(project, "Operational performance", "Normative claims", why="too close")
    loaded(project)  # the original file again: "Operational performance" still has key 2
    codes = {c.path: c for c in service.codes(project)}
    assert codes["Legitimation/Operational performance"].key is None


def test_export_csv_reads_back_names_and_definitions_holding_line_ends_quotes_and_commas(
    project: Project, tmp_path: Path
) -> None:
    def quoted(value: str) -> str:  # as YAML writes it in double quotes
        return json.dumps(value)

    codes = "".join(
        f"  - name: {quoted(value)}\n"
        + "".join(f"    {field}: {quoted(value)}\n" for field in TEXT_FIELDS)
        for value in AWKWARD
    )
    (tmp_path / "awkward.yaml").write_text(f"name: Awkward\ncodes:\n{codes}", encoding="utf-8")
    service.load(project, load_codebook(tmp_path / "awkward.yaml"), "awkward.yaml")
    out = tmp_path / "codebook.csv"
    out.write_text(export.export_csv(project), encoding="utf-8", newline="")
    header, *rows = read_csv(out)
    for row, value in zip(rows, AWKWARD, strict=True):
        cells = dict(zip(header, row, strict=True))
        assert [cells[name] for name in ("path", "name", *TEXT_FIELDS)] == [value] * 6
