"""TUI speed: first paint of a 50,000-word transcript with 2,000 codings, apply-code latency,
and the cost of moving the cursor or the selection (rows drawn again, time until painted).

Targets here: first paint <= 0.5 s; a code key pressed until the frame with the new span has
been painted <= 33 ms median (one frame at 30 fps), in a headless terminal of 160x50 cells, on
SQLite.
"""

from __future__ import annotations

import asyncio
import csv
import random
import statistics
import tempfile
import time
from pathlib import Path

from workbench.codebook import service
from workbench.codebook.files import load_codebook
from workbench.domain import CodeInfo
from workbench.exchange.codings_csv import import_codings
from workbench.resources import data_dir
from workbench.store.project import Project
from workbench.transcripts.importer import import_transcripts

WORDS = 50_000
CODINGS = 2_000
APPLIES = 40
VOCABULARY = "the mandate states migrants protection deliver funding donors".split()  # noqa: SIM905


def build(folder: Path) -> tuple[str, list[str]]:
    rng = random.Random(11)
    turns, written = [], 0
    while written < WORDS:
        speaker = "Interviewer" if len(turns) % 2 == 0 else "Respondent"
        length = rng.randint(20, 160)
        words = [rng.choice(VOCABULARY) for _ in range(length)]
        turns.append(f"{speaker}: " + " ".join(words) + ".")
        written += length
    (folder / "long.txt").write_text("\n\n".join(turns) + "\n", encoding="utf-8")
    location = str(folder / "bench.db")
    project = Project.init(location)
    codebook = load_codebook(data_dir("codebooks") / "iom_mandate.yaml")
    service.load(project, codebook, "iom_mandate.yaml")
    import_transcripts(project, [folder / "long.txt"])
    length = project.transcripts()[0].characters
    paths = [path for path, _ in codebook.walk()]
    rows: dict[tuple[str, int, str], list[object]] = {}
    while len(rows) < CODINGS:
        start, coder = rng.randrange(0, length - 400), rng.choice(["anna", "ben"])
        code = rng.choice(paths)
        rows[(coder, start, code)] = ["long", coder, code, start, start + rng.randint(20, 300)]
    with (folder / "codings.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["transcript", "coder", "code", "start", "end"])
        writer.writerows(rows.values())
    import_codings(project, folder / "codings.csv")
    project.close()
    return location, paths


async def measure(
    location: str, paths: list[str]
) -> tuple[float, float, list[float], list[float], list[float], list[float]]:
    """First paint and settled; per code key pressed: the time until its handler returned, and
    until the last frame it caused had been written (every changed panel drawn)."""
    from workbench.tui.app import make_app
    from workbench.tui.screens.coding import CodingScreen

    painted: list[float] = []
    painted_cpu: list[float] = []  # on a shared machine the wall clock counts others' work too
    span_shown: list[float] = []  # frames that redrew the transcript (the new span)
    handled: list[float] = []
    mount, apply_code = CodingScreen.on_mount, CodingScreen.apply_code

    def on_mount(screen: CodingScreen) -> None:  # note when the first frame has been drawn
        mount(screen)
        screen.call_after_refresh(lambda: painted.append(time.perf_counter()))

    def timed_apply_code(screen: CodingScreen, code: CodeInfo) -> None:
        apply_code(screen, code)
        handled.append(time.perf_counter())

    CodingScreen.on_mount = on_mount  # type: ignore[method-assign]
    started = time.perf_counter()
    app = make_app(location, "anna", "long")
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        settled = time.perf_counter() - started
        first_paint = painted.pop() - started
        CodingScreen.on_mount = mount  # type: ignore[method-assign]
        CodingScreen.apply_code = timed_apply_code  # type: ignore[method-assign]
        screen = app.screen
        assert isinstance(screen, CodingScreen)
        write_frame = screen._compositor_refresh

        def timed_write_frame() -> None:  # the compositor writing a frame to the terminal
            transcript = screen.view in screen._dirty_widgets
            write_frame()
            if transcript and handled and not span_shown:
                span_shown.append(time.perf_counter())
            painted.append(time.perf_counter())
            painted_cpu.append(time.process_time())

        screen._compositor_refresh = timed_write_frame  # type: ignore[method-assign]
        keys = [code.key for code in screen.codes if code.key and code.key in screen.keys]
        handler, spanned, repainted, cpu = [], [], [], []
        for index in range(APPLIES):
            screen.view.select_span(1_000 + index * 500, 1_100 + index * 500)
            await pilot.pause()
            painted.clear()
            painted_cpu.clear()
            span_shown.clear()
            handled.clear()
            before, before_cpu = time.perf_counter(), time.process_time()
            await pilot.press(keys[index % len(keys)])  # the key a coder presses
            while screen._layout_required or screen._dirty_widgets or screen._repaint_required:
                await pilot.pause()  # until every frame the key caused has been written
            assert handled and span_shown and painted, "the key applied no code"
            handler.append(handled[-1] - before)
            spanned.append(span_shown[0] - before)
            repainted.append(painted[-1] - before)
            cpu.append(painted_cpu[-1] - before_cpu)
        CodingScreen.apply_code = apply_code  # type: ignore[method-assign]
    app.project.close()
    return first_paint, settled, handler, spanned, repainted, cpu


MOVES = ["right", "shift+right", "down", "shift+down", "left", "up"] * 8


async def measure_moves(location: str) -> tuple[list[float], list[float], list[int]]:
    """Per cursor or selection move: the time until its frame was written (wall clock and
    this process's CPU time), and the rows of the transcript drawn again for it."""
    from workbench.tui.app import make_app
    from workbench.tui.screens.coding import CodingScreen
    from workbench.tui.widgets.transcript_view import TranscriptView

    drawn: list[int] = []
    render_line = TranscriptView._render_line

    def counted(view: TranscriptView, y: int) -> object:
        drawn.append(y)
        return render_line(view, y)

    app = make_app(location, "anna", "long")
    times: list[float] = []
    cpu: list[float] = []
    rows: list[int] = []
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CodingScreen)
        screen.view.select_span(5_000, 5_000)
        await pilot.pause()
        TranscriptView._render_line = counted  # type: ignore[method-assign,assignment]
        for key in MOVES:
            drawn.clear()
            before, before_cpu = time.perf_counter(), time.process_time()
            await pilot.press(key)
            while screen._layout_required or screen._dirty_widgets or screen._repaint_required:
                await pilot.pause()
            times.append(time.perf_counter() - before)
            cpu.append(time.process_time() - before_cpu)
            rows.append(len(drawn))
        TranscriptView._render_line = render_line  # type: ignore[method-assign]
    app.project.close()
    return times, cpu, rows


async def idle_pause() -> float:
    """What the pilot's wait for idle costs by itself, to read the repaint figure against."""
    from textual.app import App

    async with App().run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        samples = []
        for _ in range(10):
            before = time.perf_counter()
            await pilot.pause()
            samples.append(time.perf_counter() - before)
    return statistics.median(samples)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        location, paths = build(Path(folder))
        figures = asyncio.run(measure(location, paths))
        move_times, move_cpu, move_rows = asyncio.run(measure_moves(location))
        first_paint, settled, handler, spanned, repainted, cpu = figures
        idle = asyncio.run(idle_pause())
    print(f"transcript: {WORDS:,} words, {CODINGS:,} codings (anna and ben)")
    print(f"first paint of the coding screen: {first_paint:.3f} s (target <= 0.5 s)")
    print(f"settled (every panel drawn, the pilot idle): {settled:.3f} s")
    ms = lambda seconds: f"{seconds * 1000:.1f} ms"  # noqa: E731
    print(f"code key until handled: median {ms(statistics.median(handler))}")
    print(
        f"code key until the new span is on screen: median {ms(statistics.median(spanned))}, "
        f"worst {ms(max(spanned))} over {APPLIES} (target <= 33 ms)"
    )
    print(
        f"code key until every panel is redrawn: median {ms(statistics.median(repainted))}, "
        f"worst {ms(max(repainted))}; CPU time of this process meanwhile: median "
        f"{ms(statistics.median(cpu))} (an idle pilot pause costs {ms(idle)})"
    )
    print(
        f"cursor/selection move until painted: median {ms(statistics.median(move_times))}, "
        f"worst {ms(max(move_times))} over {len(MOVES)} (CPU median "
        f"{ms(statistics.median(move_cpu))}); transcript rows drawn again: median "
        f"{statistics.median(move_rows):g}, most {max(move_rows)} (of 48 on screen)"
    )
