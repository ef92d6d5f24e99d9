"""Run benchmarks and print their figures: `python -m benchmarks [NAME ...]` (default: all)."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def available() -> list[str]:
    folder = Path(__file__).parent
    return sorted(
        info.name.removesuffix("_bench")
        for info in pkgutil.iter_modules([str(folder)])
        if info.name.endswith("_bench")
    )


def main(names: list[str]) -> None:
    for name in names or available():
        if name not in available():
            sys.exit(f"no benchmark '{name}' (have: {', '.join(available())})")
        print(f"== {name}")
        importlib.import_module(f"benchmarks.{name}_bench").main()


if __name__ == "__main__":
    main(sys.argv[1:])
