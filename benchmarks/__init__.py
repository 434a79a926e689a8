"""The project's benchmark: performance budgets as ratios against peers measured in the same run.

Run it with ``nox -s bench`` (or ``python -m benchmarks.run``); see benchmarks/README.md.
"""
