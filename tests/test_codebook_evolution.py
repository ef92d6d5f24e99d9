"""The codebook's history after a scripted sequence of changes: every change under the code's
name today and then, in-vivo creations marked, and the codings each code had then."""

from __future__ import annotations

from pathlib import Path

from cli_project import FIXTURES, INTERVIEW, make_project, run

from workbench.codebook import service
from workbench.codebook.evolution import codebook_evolution, evolution_events
from workbench.codebook.evolution_chart import evolution_chart
from workbench.codebook.files import load_codebook
from workbench.codebook.split import split
from workbench.coding.desk import CoderDesk
from workbench.store.project import Project
from workbench.transcripts.importer import import_transcripts


def span(word: str) -> tuple[int, int]:
    start = INTERVIEW.index(word)
    return start, start + len(word)


def scripted(project: Project, tmp_path: Path) -> None:
    """Load, code, an in-vivo code, rename, move, split, merge, edit, retire."""
    service.load(project, load_codebook(FIXTURES / "codebooks" / "small.yaml"), "small.yaml")
    (tmp_path / "t1.txt").write_text(INTERVIEW, encoding="utf-8")
    import_transcripts(project, [tmp_path / "t1.txt"])
    desk = CoderDesk(project, "anna")
    for word in ("mandate", "deliver", "states"):
        desk.apply("t1", "Funding", *span(word))
    desk.apply("t1", "Normative claims", *span("ask"))
    desk.create_code("Funding/Earmarking", why="in-vivo code while coding")
    service.rename(project, "Funding", "Finance", why="broader than funding")
    service.move(project, "Comparison with UNHCR", None, why="a theme of its own")
    split(project, "Finance", "Finance/Delivery", why="delivery is its own idea", pattern="deliver")
    service.merge(project, "Normative claims", "Operational performance", why="one idea")
    service.retire(project, "Protection DNA", why="emptied by the move")


def test_history_after_a_scripted_sequence(project: Project, tmp_path: Path) -> None:
    scripted(project, tmp_path)
    frame = codebook_evolution(project)
    loaded = frame[frame["why"] == "loaded from small.yaml"]
    assert loaded["code"].tolist() == [
        "Legitimation", "Legitimation/Normative claims", "Legitimation/Operational performance",
        "Protection DNA", "Comparison with UNHCR", "Finance",
    ]  # fmt: skip
    assert loaded["was"].tolist()[-2:] == ["Protection DNA/Comparison with UNHCR", "Funding"]
    assert set(loaded["change"]) == {"loaded"} and loaded["event"].nunique() == 1
    later = frame[frame["why"] != "loaded from small.yaml"]
    got = later[["change", "code", "was", "to", "in_vivo", "codings"]].values.tolist()
    assert got == [
        ["created", "Finance/Earmarking", "Funding/Earmarking", "", True, 0],
        ["renamed", "Finance", "Funding", "Finance", False, 3],
        ["moved", "Comparison with UNHCR", "Protection DNA/Comparison with UNHCR",
         "Comparison with UNHCR", False, 0],
        ["split", "Finance", "Finance", "Finance/Delivery", False, 3],
        ["created", "Finance/Delivery", "Finance/Delivery", "", False, 1],
        ["merged", "Legitimation/Normative claims", "Legitimation/Normative claims",
         "Legitimation/Operational performance", False, 1],
        ["retired", "Protection DNA", "Protection DNA", "", False, 0],
    ]  # fmt: skip
    assert later["why"].tolist()[:2] == ["in-vivo code while coding", "broader than funding"]
    assert set(frame["actor"]) == {"tester"}
    assert frame["at"].is_monotonic_increasing
    # The load is one event, as the log recorded it; every later change keeps its row.
    events = evolution_events(frame)
    assert events["change"].tolist() == ["loaded", *later["change"]]
    load = events.iloc[0]
    assert (load["codes"], load["why"]) == (6, "codebook loaded: 6 codes from small.yaml")
    assert load["code"] == "; ".join(loaded["code"])
    assert events["codes"].tolist()[1:] == [1] * len(later)


def test_each_load_is_one_event_and_the_timeline_draws_a_row_for_it(
    project: Project, tmp_path: Path
) -> None:
    """Two loads, a code created between them: three events. The timeline draws each load as
    one row and a loaded code on its own only once it changed."""
    service.load(project, load_codebook(FIXTURES / "codebooks" / "small.yaml"), "small.yaml")
    service.create(project, "Deference", why="came up in the first interview")
    more = tmp_path / "round2.yaml"
    more.write_text("name: Small\ncodes:\n  - name: Culture\n  - name: Oversight\n", "utf-8")
    service.load(project, load_codebook(more), "round2.yaml")
    service.rename(project, "Funding", "Finance", why="broader")
    frame = codebook_evolution(project)
    events = evolution_events(frame)
    assert events[["change", "codes", "code"]].values.tolist() == [
        ["loaded", 6, "Legitimation; Legitimation/Normative claims; "
         "Legitimation/Operational performance; Protection DNA; "
         "Protection DNA/Comparison with UNHCR; Finance"],
        ["created", 1, "Deference"],
        ["loaded", 2, "Culture; Oversight"],
        ["renamed", 1, "Finance"],
    ]  # fmt: skip
    assert events.at[2, "why"] == "codebook loaded: 2 codes from round2.yaml"
    svg = evolution_chart(frame, "svg").decode("utf-8")
    for shown in ("6 codes loaded (small.yaml)", "2 codes loaded (round2.yaml)", "Deference",
                  "Finance", "codebook loaded"):  # fmt: skip
        assert shown in svg, shown
    assert "Normative claims" not in svg and "Oversight" not in svg


def test_a_code_created_in_vivo_is_logged_as_such(project: Project) -> None:
    service.create(project, "Plain", why="from the codebook meeting")
    service.create(project, "Ours", why="a phrase", in_vivo=True)
    frame = codebook_evolution(project).set_index("code")
    assert not frame.at["Plain", "in_vivo"]
    assert frame.at["Ours", "in_vivo"]


def test_cli_history_table_csv_and_timeline(tmp_path: Path) -> None:
    db = make_project(tmp_path)
    assert run("codebook", "rename", "-p", db, "Funding", "Finance", "--why", "broader")[0] == 0
    code, out, err = run("codebook", "history", "-p", db)
    assert code == 0, err
    assert out.splitlines()[0].endswith("  codebook loaded: 6 codes from small.yaml")
    assert out.splitlines()[1].endswith(
        "  renamed  Finance  (then Funding)  -> Finance  0 codings  why: broader"
    )
    assert len(out.splitlines()) == 2
    csv_file, png_file = tmp_path / "h.csv", tmp_path / "h.png"
    args = ("--csv", str(csv_file), "--png", str(png_file))
    code, _out, err = run("codebook", "history", "-p", db, *args)
    assert code == 0, err
    header, *rows = csv_file.read_text(encoding="utf-8").splitlines()
    assert header == "at,actor,change,codes,code,was,to,in_vivo,codings,why"
    assert len(rows) == 2 and rows[-1].endswith(",renamed,1,Finance,Funding,Finance,0,0,broader")
    assert ",loaded,6,Legitimation; Legitimation/Normative claims; " in rows[0]
    assert rows[0].endswith(",0,0,codebook loaded: 6 codes from small.yaml")
    assert png_file.read_bytes().startswith(b"\x89PNG")


def test_cli_history_of_a_project_with_no_codebook(tmp_path: Path) -> None:
    db = str(tmp_path / "empty.db")
    assert run("init", "-p", db)[0] == 0
    png = tmp_path / "empty.png"
    code, out, err = run("codebook", "history", "-p", db, "--png", str(png))
    assert code == 0, err
    assert out == "no codebook changes logged\n"
    assert "Warning" not in err and png.read_bytes().startswith(b"\x89PNG")
