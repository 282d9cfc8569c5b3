"""Run every benchmarks/bench_*.py module's main(), in name order, or the ones named.

    python -m benchmarks                                  # all of them
    python -m benchmarks pages --scale 100 --db sqlite    # one, with its own options

Each module's output is also saved in var/bench-results/<module>.txt, for docs/benchmarks.md.
"""

import importlib
import pkgutil
import sys
from pathlib import Path

from benchmarks.bench_pages import RESULTS


class _Tee:
    def __init__(self, *streams):
        self.streams = streams

    def write(self, text):
        for stream in self.streams:
            stream.write(text)
        return len(text)

    def flush(self):
        for stream in self.streams:
            stream.flush()


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    folder = Path(__file__).resolve().parent
    names = [m.name for m in pkgutil.iter_modules([str(folder)]) if m.name.startswith("bench_")]
    options = []
    if argv and f"bench_{argv[0]}" in names:
        names, options = [f"bench_{argv[0]}"], argv[1:]
    elif argv:
        print(f"Unknown benchmark {argv[0]!r}; choose from: {', '.join(n[6:] for n in names)}")
        return 2
    failures = 0
    RESULTS.mkdir(parents=True, exist_ok=True)
    for name in sorted(names):
        print(f"== {name}", flush=True)
        module = importlib.import_module(f"benchmarks.{name}")
        if name == "bench_pages":
            result = module.main(options)
        else:
            with open(RESULTS / f"{name}.txt", "w") as saved:
                stdout, sys.stdout = sys.stdout, _Tee(sys.stdout, saved)
                try:
                    result = module.main()
                finally:
                    sys.stdout = stdout
        failures += bool(result)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
