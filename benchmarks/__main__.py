"""Run every benchmark and print its figures."""

from benchmarks import import_bench

if __name__ == "__main__":
    import_bench.main()
