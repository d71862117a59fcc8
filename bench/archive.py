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
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TSUSHIN = os.path.join(ROOT, "target", "release", "tsushin")


def make_newsletter(work, count):
    """A newsletter with `count` variants of the reference issue and the example issue."""
    news = os.path.join(work, "news")
    os.makedirs(os.path.join(news, "issues"))
    for settings in ("tsushin.toml", "wording.toml"):
        shutil.copy(os.path.join(ROOT, settings), news)
    for i in range(count):
        year, month = 2019 + i // 6, 2 * (i % 6) + 1
        dst = os.path.join(news, "issues", f"{year:04}-{month:02}")
        shutil.copytree(os.path.join(ROOT, "issues", "2022-06"), dst)
        toml = os.path.join(dst, "issue.toml")
        with open(toml, encoding="utf-8") as f:
            text = f.read()
        text = re.sub(r"date = \d{4}-\d{2}-\d{2}", f"date = {year:04}-{month:02}-01", text)
        # The added sentences below make the issue longer than its four pages.
        text = re.sub(r"pages = \d+", "pages = 5", text)
        with open(toml, "w", encoding="utf-8") as f:
            f.write(text)
        # Different words in every article, as real issues have: otherwise
        # Typst's memoisation lays out the copies from cache, which favours
        # the sequential run (one copy warms the cache for the next).
        for dirpath, _, files in os.walk(dst):
            for name in files:
                if name.endswith(".md"):
                    path = os.path.join(dirpath, name)
                    with open(path, encoding="utf-8") as f:
                        text = f.read()
                    with open(path, "w", encoding="utf-8") as f:
                        f.write(text.rstrip("\n") + f"\n\n{year}年{month}月号のための追記です。\n")
    shutil.copytree(os.path.join(ROOT, "examples", "district-2p", "issues", "2023-02"),
                    os.path.join(news, "issues", "2023-02"))
    return news


CPU = []  # CPU seconds (user + system) of each timed run, in order


def timed(args, cwd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run([TSUSHIN, *args], cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
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
        seq, par, seq_cpu, par_cpu = [], [], [], []
        for _ in range(args.runs):
            # Interleaved, so drift in machine load affects both alike.
            seq.append(fresh(news, 1))
            seq_cpu.append(CPU[-1])
            par.append(fresh(news, cores))
            par_cpu.append(CPU[-1])
        skip = [timed(["archive"], news) for _ in range(args.runs)]
        s, p, k = statistics.median(seq), statistics.median(par), statistics.median(skip)
        sc, pc = statistics.median(seq_cpu), statistics.median(par_cpu)
        with open("/proc/loadavg") as f:
            load = f.read().split()[0]
        print(f"{total} issues, {cores} cores, median of {args.runs} runs, load average {load} at the end\n")
        print("| run | median wall s | per issue s | CPU s (user+sys) | CPU / wall |")
        print("| --- | ---: | ---: | ---: | ---: |")
        print(f"| fresh archive, sequential (`-j 1`) | {s:.2f} | {s / total:.3f} | {sc:.2f} | {sc / s:.2f} |")
        print(f"| fresh archive, parallel (`-j {cores}`) | {p:.2f} | {p / total:.3f} | {pc:.2f} | {pc / p:.2f} |")
        print(f"| second run, everything skipped | {k:.2f} | {k / total:.3f} | | |")
        print(f"\nSpeed-up parallel / sequential: {s / p:.2f}×")
        print("(CPU / wall below 1 for the sequential run means the machine was busy with other work:")
        print(" then no number of threads can show the speed-up.)")
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
