#!/usr/bin/env python3
"""Benchmark: `tsushin archive` on one core against all cores.

Makes a newsletter of N issues (copies of the reference issue 2022-06 under
other months, plus the district example's issue), then times a fresh archive
with `-j 1` (sequential) and with `-j <cores>` (the default), and the second,
all-skipped run. Prints a Markdown table for docs/performance.md.

Usage: python3 bench/archive.py [--issues 8] [--runs 5]
Needs a release build (cargo build --release).
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TSUSHIN = os.path.join(ROOT, "target", "release", "tsushin")


def make_newsletter(work, count):
    """A newsletter with `count` copies of the reference issue and the example issue."""
    news = os.path.join(work, "news")
    os.makedirs(os.path.join(news, "issues"))
    shutil.copy(os.path.join(ROOT, "tsushin.toml"), news)
    for i in range(count):
        year, month = 2019 + i // 6, 2 * (i % 6) + 1
        dst = os.path.join(news, "issues", f"{year:04}-{month:02}")
        shutil.copytree(os.path.join(ROOT, "issues", "2022-06"), dst)
        toml = os.path.join(dst, "issue.toml")
        with open(toml, encoding="utf-8") as f:
            text = f.read()
        text = re.sub(r"date = \d{4}-\d{2}-\d{2}", f"date = {year:04}-{month:02}-01", text)
        with open(toml, "w", encoding="utf-8") as f:
            f.write(text)
    shutil.copytree(os.path.join(ROOT, "examples", "district-2p", "issues", "2023-02"),
                    os.path.join(news, "issues", "2023-02"))
    return news


def timed(args, cwd):
    start = time.perf_counter()
    proc = subprocess.run([TSUSHIN, *args], cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"tsushin {' '.join(args)} failed:\n{proc.stderr}")
    return elapsed


def fresh(news, jobs):
    shutil.rmtree(os.path.join(news, "archive"), ignore_errors=True)
    return timed(["archive", "-j", str(jobs)], news)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--issues", type=int, default=8)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    if not os.path.exists(TSUSHIN):
        sys.exit("build first: cargo build --release")
    cores = os.cpu_count() or 1
    work = tempfile.mkdtemp(prefix="tsushin-archive-bench-")
    try:
        news = make_newsletter(work, args.issues)
        total = args.issues + 1
        fresh(news, cores)  # warm-up: page cache, binary
        seq, par = [], []
        for _ in range(args.runs):
            # Interleaved, so drift in machine load affects both alike.
            seq.append(fresh(news, 1))
            par.append(fresh(news, cores))
        skip = [timed(["archive"], news) for _ in range(args.runs)]
        s, p, k = statistics.median(seq), statistics.median(par), statistics.median(skip)
        print(f"{total} issues, {cores} cores, median of {args.runs} runs\n")
        print("| run | median s | per issue s |")
        print("| --- | ---: | ---: |")
        print(f"| fresh archive, sequential (`-j 1`) | {s:.2f} | {s / total:.3f} |")
        print(f"| fresh archive, parallel (`-j {cores}`) | {p:.2f} | {p / total:.3f} |")
        print(f"| second run, everything skipped | {k:.2f} | {k / total:.3f} |")
        print(f"\nSpeed-up parallel / sequential: {s / p:.2f}×")
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
