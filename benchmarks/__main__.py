"""Run every benchmarks/bench_*.py module's main(), in name order."""

import importlib
import pkgutil
import sys
from pathlib import Path


def main() -> int:
    failures = 0
    folder = Path(__file__).resolve().parent
    for module in sorted(pkgutil.iter_modules([str(folder)]), key=lambda m: m.name):
        if not module.name.startswith("bench_"):
            continue
        print(f"== {module.name}", flush=True)
        result = importlib.import_module(f"benchmarks.{module.name}").main()
        failures += bool(result)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
