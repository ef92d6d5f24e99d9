"""Codebook operations on a codebook of 20,000 codes: load, export, show, rename, move.

Each figure is the library call alone (no process start-up), best of three, on SQLite. The
audit's `codebook export` of 20,000 codes took 191 s when every path walked its parents
again and every lookup scanned every path.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from workbench.codebook import export, service
from workbench.codebook.files import CodebookSpec, CodeSpec, dump_codebook
from workbench.store.project import Project

THEMES, TOPICS, LEAVES = 40, 25, 19  # 40 + 40*25 + 40*25*19 = 20,040 codes, three levels
RUNS = 3


def big_codebook() -> CodebookSpec:
    themes = [
        CodeSpec(
            name=f"Theme {t}",
            line=0,
            description=f"What theme {t} covers.",
            children=[
                CodeSpec(
                    name=f"Topic {t}.{p}",
                    line=0,
                    children=[CodeSpec(name=f"Leaf {t}.{p}.{f}", line=0) for f in range(LEAVES)],
                )
                for p in range(TOPICS)
            ],
        )
        for t in range(THEMES)
    ]
    return CodebookSpec("Big codebook", "Twenty thousand codes.", themes)


def best(run: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    spec = big_codebook()
    count = len(spec.walk())
    with tempfile.TemporaryDirectory() as folder, Project.init(f"{folder}/big.db") as project:
        started = time.perf_counter()
        service.load(project, spec, "big.yaml")
        print(f"load {count:,} codes (new):        {time.perf_counter() - started:6.2f} s")
        started = time.perf_counter()
        service.load(project, spec, "big.yaml")
        print(f"load {count:,} codes (again):      {time.perf_counter() - started:6.2f} s")
        yaml_text = export.export_yaml(project)
        Path(folder, "out.yaml").write_text(yaml_text, encoding="utf-8")
        seconds = best(lambda: export.export_yaml(project))
        print(f"export YAML ({len(yaml_text):,} chars): {seconds:6.2f} s")
        exported = export.export_spec(project)
        print(f"  of which the codebook read:   {best(lambda: export.export_spec(project)):6.2f} s")
        print(f"  of which writing YAML:        {best(lambda: dump_codebook(exported)):6.2f} s")
        print(f"export CSV:                     {best(lambda: export.export_csv(project)):6.2f} s")
        print(f"show (every code with its path): {best(lambda: service.codes(project)):6.2f} s")
        renames = iter([("Leaf 39.24.18", "Leaf A"), ("Leaf A", "Leaf B"), ("Leaf B", "Leaf C")])

        def rename() -> object:
            old, new = next(renames)
            return service.rename(project, old, new, why="bench")

        moves = iter(["Theme 1", "Theme 2", "Theme 3"])

        def move() -> object:
            return service.move(project, "Topic 0.0", next(moves), why="bench")

        print(f"rename one code:                {best(rename):6.2f} s")
        print(f"move one code:                  {best(move):6.2f} s")


if __name__ == "__main__":
    main()
