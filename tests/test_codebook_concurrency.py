"""Codebook changes and codings from processes racing each other keep the codebook whole."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from pathlib import Path

from workbench.codebook import service
from workbench.codebook.files import load_codebook
from workbench.coding.actions import CoderActions
from workbench.errors import WorkbenchError
from workbench.store.project import Project
from workbench.transcripts.importer import import_transcripts

CODEBOOKS = Path(__file__).parent / "fixtures" / "codebooks"
ROUNDS = 4  # races per test and backend; the unserialised code lost at least one of them
Outcome = tuple[str, str]  # ("ok", result) or ("refused", one-line message)

# Forked, not spawned: a worker starts in milliseconds, so the two really race.
_FORK = multiprocessing.get_context("fork")


def _race(
    location: str, operation: Callable[[Project, int], object], count: int = 2
) -> list[Outcome]:
    """Run `operation(project, n)` in `count` processes released at one moment."""
    start = _FORK.Event()
    results = _FORK.Queue()
    workers = [
        _FORK.Process(target=_worker, args=(location, operation, n, start, results))
        for n in range(count)
    ]
    for worker in workers:
        worker.start()
    ready = [results.get(timeout=30) for _ in workers]
    assert ready == ["ready"] * count
    start.set()
    outcomes = [results.get(timeout=60) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    for kind, message in outcomes:
        # A refusal is a one-line user error; anything else reached the user as a crash.
        assert kind in ("ok", "refused"), message
        assert "\n" not in message, message
    return outcomes


def _worker(
    location: str, operation: Callable[[Project, int], object], n: int, start, results
) -> None:  # type: ignore[no-untyped-def]
    try:
        project = Project.open(location, actor=f"worker{n}")
        service.codes(project)  # connected and warm before the start
    except BaseException as error:
        results.put(("crashed", repr(error)))
        return
    results.put("ready")
    start.wait(30)
    try:
        outcome: Outcome = ("ok", str(operation(project, n)))
    except WorkbenchError as error:
        outcome = ("refused", str(error))
    except BaseException as error:
        outcome = ("crashed", f"{type(error).__name__}: {error}")
    finally:
        project.close()
    results.put(outcome)


def _paths(location: str) -> list[str]:
    with Project.open(location) as project:
        return [code.path for code in service.codes(project)]


def _assert_whole(location: str, expected_codes: int) -> None:
    """Every code reachable from the top (no cycle), once; no two siblings of one name."""
    with Project.open(location) as project:
        codes = service.codes(project)
        assert len(codes) == expected_codes, [c.path for c in codes]
        paths = [code.path for code in codes]
        assert len(set(paths)) == len(paths), paths
        row_count = project.row_counts()["code"]
        assert row_count == expected_codes  # none lost in a cycle, none twinned


def _load(project: Project, _n: int) -> object:
    created, _updated = service.load(project, load_codebook(CODEBOOKS / "small.yaml"), "x")
    return created


def test_two_loads_at_once_do_not_twin_the_codebook(location: str) -> None:
    expected = len(load_codebook(CODEBOOKS / "small.yaml").walk())
    for round_ in range(ROUNDS):
        fresh = _fresh(location, round_)
        outcomes = _race(fresh, _load)
        created = sorted(int(result) for kind, result in outcomes if kind == "ok")
        assert created[-1] == expected and created[:-1] in ([], [0]), outcomes
        _assert_whole(fresh, expected)


def _reset_postgres(location: str) -> None:
    """An empty project in the test's PostgreSQL schema (dropping what a round left)."""
    from sqlalchemy import text

    from workbench.store.engine import make_engine, project_url

    engine = make_engine(project_url(location))
    with engine.begin() as connection:
        tables = connection.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        ).scalars()
        for table in list(tables):
            connection.execute(text(f'DROP TABLE "{table}" CASCADE'))
    engine.dispose()
    Project.init(location).close()


def _fresh(location: str, round_: int) -> str:
    """A new empty project for one round of a race."""
    if "://" in location:
        _reset_postgres(location)
        return location
    fresh = f"{location}.{round_}"
    Project.init(fresh).close()
    return fresh


def _two_top_level(location: str) -> None:
    with Project.open(location) as project:
        service.create(project, "A")
        service.create(project, "B")


def _move_opposite(project: Project, n: int) -> object:
    code, under = ("A", "B") if n == 0 else ("B", "A")
    return service.move(project, code, under, why="race")


def test_opposite_moves_at_once_make_no_cycle(location: str) -> None:
    for round_ in range(ROUNDS):
        fresh = _fresh(location, round_)
        _two_top_level(fresh)
        outcomes = _race(fresh, _move_opposite)
        assert [kind for kind, _ in outcomes].count("ok") == 1, outcomes
        _assert_whole(fresh, 2)
        assert sorted(_paths(fresh)) in (["A", "A/B"], ["B", "B/A"])


def _rename_to_c(project: Project, n: int) -> object:
    return service.rename(project, "A" if n == 0 else "B", "C", why="race")


def test_two_renames_to_one_name_leave_one_code_with_it(location: str) -> None:
    for round_ in range(ROUNDS):
        fresh = _fresh(location, round_)
        _two_top_level(fresh)
        outcomes = _race(fresh, _rename_to_c)
        assert [kind for kind, _ in outcomes].count("ok") == 1, outcomes
        refused = [message for kind, message in outcomes if kind == "refused"]
        assert refused and "'C' exists already" in refused[0]
        _assert_whole(fresh, 2)
        assert sorted(_paths(fresh)) in (["A", "C"], ["B", "C"])


def _coding_project(location: str, folder: Path) -> None:
    """Codes Source and Target, one transcript, and one coding by ana (so ana exists)."""
    transcript = folder / "race_interview.txt"
    transcript.write_text("We spoke about the mandate and about funding.\n", encoding="utf-8")
    with Project.open(location) as project:
        service.create(project, "Source")
        service.create(project, "Target")
        import_transcripts(project, [transcript])
        CoderActions(project, "ana").apply("race_interview", "Target", 0, 5)


def _merge_or_apply(project: Project, n: int) -> object:
    if n == 0:
        return service.merge(project, "Source", "Target", why="race")
    return CoderActions(project, "ana").apply("race_interview", "Source", 10, 20).code


def test_a_merge_racing_a_coding_leaves_no_coding_on_the_merged_code(
    location: str, tmp_path: Path
) -> None:
    for round_ in range(ROUNDS):
        fresh = _fresh(location, round_)
        _coding_project(fresh, tmp_path)
        _race(fresh, _merge_or_apply)
        with Project.open(fresh) as project:
            statuses = {code.path: code.status for code in service.codes(project)}
            assert statuses == {"Source": "merged", "Target": "active"}
            assert {coding.code for coding in project.codings()} == {"Target"}


def _apply_same(project: Project, _n: int) -> object:
    return CoderActions(project, "ana").apply("race_interview", "Target", 10, 20).code


def test_the_same_coding_applied_twice_at_once_is_saved_once(location: str, tmp_path: Path) -> None:
    for round_ in range(ROUNDS):
        fresh = _fresh(location, round_)
        _coding_project(fresh, tmp_path)
        outcomes = _race(fresh, _apply_same)
        assert [kind for kind, _ in outcomes].count("ok") == 1, outcomes
        refused = [message for kind, message in outcomes if kind == "refused"]
        assert "already coded" in refused[0]
        with Project.open(fresh) as project:
            spans = [(c.code, c.start, c.end) for c in project.codings()]
            assert sorted(spans) == [("Target", 0, 5), ("Target", 10, 20)]
