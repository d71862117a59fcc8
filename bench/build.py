#!/usr/bin/env python3
"""Benchmark: `tsushin build 2022-06` against the official typst CLI compiling
the very same source (`--emit-typst`), with the same fonts and no system fonts.

Reports median / min / max wall time over N runs and the median peak RSS of
each, plus the PDF sizes, as a Markdown table for docs/performance.md.

Usage: python3 bench/build.py [--runs 30] [--typst PATH] [--issue 2022-06]
Needs a release build (cargo build --release) and typst-cli 0.15.x
(`cargo install typst-cli --version 0.15.1 --locked`).
"""
import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_once(cmd, cwd):
    """Wall time (s) and peak RSS (MiB) of one run of cmd."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    stderr = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{stderr}")
    return elapsed, usage.ru_maxrss / 1024.0


def measure(name, cmd, cwd, runs, warmup=3):
    for _ in range(warmup):
        run_once(cmd, cwd)
    times, rss = [], []
    for _ in range(runs):
        t, m = run_once(cmd, cwd)
        times.append(t * 1000)
        rss.append(m)
    return {
        "name": name,
        "median": statistics.median(times),
        "min": min(times),
        "max": max(times),
        "rss": statistics.median(rss),
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--issue", default="2022-06")
    ap.add_argument("--typst", default=shutil.which("typst") or os.path.expanduser("~/.cargo/bin/typst"))
    args = ap.parse_args()

    tsushin = os.path.join(ROOT, "target", "release", "tsushin")
    if not os.path.exists(tsushin):
        sys.exit("build first: cargo build --release")
    work = tempfile.mkdtemp(prefix="tsushin-bench-")
    emitted = os.path.join(work, "emitted")
    ours = os.path.join(work, "tsushin.pdf")
    theirs = os.path.join(work, "typst.pdf")
    subprocess.run([tsushin, "build", args.issue, "-o", ours, "--emit-typst", emitted], cwd=ROOT, check=True,
                   stderr=subprocess.DEVNULL)

    results = [measure("tsushin build", [tsushin, "build", args.issue, "-o", ours], ROOT, args.runs)]
    have_typst = args.typst and os.path.exists(args.typst)
    if have_typst:
        version = subprocess.run([args.typst, "--version"], capture_output=True, text=True).stdout.strip()
        cmd = [args.typst, "compile", "--root", emitted, "--font-path", os.path.join(emitted, "fonts"),
               "--ignore-system-fonts", os.path.join(emitted, "main.typ"), theirs]
        results.append(measure(f"{version} compile (same source)", cmd, ROOT, args.runs))
    else:
        print("typst CLI not found: only tsushin measured", file=sys.stderr)

    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, {cpu}; {args.runs} runs after 3 warm-up runs\n")
    print("| command | median ms | min ms | max ms | peak RSS MiB (median) |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for r in results:
        print(f"| {r['name']} | {r['median']:.1f} | {r['min']:.1f} | {r['max']:.1f} | {r['rss']:.1f} |")
    if have_typst:
        print(f"\nRatio tsushin / typst CLI (median): {results[0]['median'] / results[1]['median']:.2f}")
        print(f"PDF size: tsushin {os.path.getsize(ours) / 1024:.0f} KiB, typst CLI {os.path.getsize(theirs) / 1024:.0f} KiB")
    else:
        print(f"\nPDF size: tsushin {os.path.getsize(ours) / 1024:.0f} KiB")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
