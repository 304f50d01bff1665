"""Small timing helpers for benchmarks."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def samples_seconds(run: Callable[[], object], repeat: int = 15, warmup: int = 2) -> list[float]:
    """Seconds of each of ``repeat`` runs after ``warmup`` unmeasured ones."""
    for _ in range(warmup):
        run()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        samples.append(time.perf_counter() - start)
    return samples


def median_seconds(run: Callable[[], object], repeat: int = 15, warmup: int = 2) -> float:
    return statistics.median(samples_seconds(run, repeat, warmup))


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.2f} ms"
