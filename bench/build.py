#!/usr/bin/env python3
"""Benchmark: `tsushin build 2022-06` against the official typst CLI compiling
the very same source (`--emit-typst`), and against the CLI compiling the old
layout's emitted source (bench/fixtures/old-layout-2022-06, the baseline of
issue 9's targets), with the same fonts and no system fonts.

The commands run interleaved (one run of each in turn, so that a change of
the machine's load hits all alike). Reports median / min / max wall time, the
median CPU time (user + system, from wait4: steadier than wall time on a
shared machine) and the median peak RSS of each, the ratios, the load
average before and after, and the PDF sizes, as Markdown for
docs/performance.md.

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
    """Wall time (s), CPU time (s) and peak RSS (MiB) of one run of cmd."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    stderr = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{stderr}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0


def measure(commands, cwd, runs, warmup=3):
    """Runs every (name, cmd) in turn, `runs` times after `warmup` rounds."""
    for _ in range(warmup):
        for _, cmd in commands:
            run_once(cmd, cwd)
    samples = {name: ([], [], []) for name, _ in commands}
    for _ in range(runs):
        for name, cmd in commands:
            t, cpu, m = run_once(cmd, cwd)
            samples[name][0].append(t * 1000)
            samples[name][1].append(cpu * 1000)
            samples[name][2].append(m)
    return [
        {
            "name": name,
            "median": statistics.median(times),
            "min": min(times),
            "max": max(times),
            "cpu": statistics.median(cpu),
            "rss": statistics.median(rss),
        }
        for name, (times, cpu, rss) in samples.items()
    ]


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

    commands = [("tsushin build", [tsushin, "build", args.issue, "-o", ours])]
    have_typst = args.typst and os.path.exists(args.typst)
    if have_typst:
        version = subprocess.run([args.typst, "--version"], capture_output=True, text=True).stdout.strip()
        fonts = os.path.join(ROOT, "fonts")
        cli = [args.typst, "compile", "--font-path", fonts, "--ignore-system-fonts"]
        commands.append((f"{version} compile (same source)",
                         cli + ["--root", emitted, os.path.join(emitted, "main.typ"), theirs]))
        old = os.path.join(ROOT, "bench", "fixtures", "old-layout-2022-06")
        if args.issue == "2022-06" and os.path.isdir(old):
            commands.append((f"{version} compile (old layout's source)",
                             cli + ["--root", old, os.path.join(old, "main.typ"), os.path.join(work, "old.pdf")]))
    else:
        print("typst CLI not found: only tsushin measured", file=sys.stderr)
    load_before = os.getloadavg()
    results = measure(commands, ROOT, args.runs)
    load_after = os.getloadavg()

    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, {cpu}; {args.runs} interleaved runs "
          f"after 3 warm-up rounds; load average {load_before[0]:.2f} before, {load_after[0]:.2f} after\n")
    print("| command | median wall ms | min wall ms | max wall ms | median CPU ms | peak RSS MiB (median) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for r in results:
        print(f"| {r['name']} | {r['median']:.1f} | {r['min']:.1f} | {r['max']:.1f} | {r['cpu']:.1f} | {r['rss']:.1f} |")
    ours_r = results[0]
    for other in results[1:]:
        print(f"\nRatio tsushin / {other['name']}: {ours_r['median'] / other['median']:.2f} wall (median), "
              f"{ours_r['min'] / other['min']:.2f} wall (min), {ours_r['cpu'] / other['cpu']:.2f} CPU (median)")
    if have_typst:
        print(f"PDF size: tsushin {os.path.getsize(ours) / 1024:.0f} KiB, typst CLI {os.path.getsize(theirs) / 1024:.0f} KiB")
    else:
        print(f"\nPDF size: tsushin {os.path.getsize(ours) / 1024:.0f} KiB")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
