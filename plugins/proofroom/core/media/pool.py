"""Distinct jobs run once each, in a thread pool, with progress ticks.

Thumbnails, PDF pages and difference images all work the same way: many requests, some
for the same content, each answered from the cache or made; the work releases the GIL
(image codecs, PDFium, numpy-free pixel loops in C), so threads pay.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import TypeVar

J = TypeVar("J")
K = TypeVar("K", bound=Hashable)
R = TypeVar("R")


def run_distinct(
    jobs: Iterable[J],
    key: Callable[[J], K],
    work: Callable[[J], R],
    *,
    workers: int,
    name: str,
    progress: Callable[[int, int], None] | None = None,
) -> dict[K, R]:
    """``work(job)`` for the first job of each ``key``; results in the order of ``jobs``."""
    unique: dict[K, J] = {}
    for job in jobs:
        unique.setdefault(key(job), job)
    total = len(unique)
    done: dict[K, R] = {}
    if progress:
        progress(0, total)
    if workers == 1 or total <= 1:
        for k, job in unique.items():
            done[k] = work(job)
            if progress:
                progress(len(done), total)
    else:
        with ThreadPoolExecutor(min(workers, total), name) as pool:
            futures = {pool.submit(work, job): k for k, job in unique.items()}
            for future in as_completed(futures):
                done[futures[future]] = future.result()
                if progress:
                    progress(len(done), total)
    return {k: done[k] for k in unique}
