#!/usr/bin/env python3
"""Benchmark: what proofreading adds to `tsushin check 2022-06`, end to end.

Runs `tsushin check` on a copy of the reference newsletter in two forms,
interleaved so that the machine's load falls on both alike:
- "rules on": the repository's settings (every rule, the wording dictionary);
- "rules off": the same with every rule of [proofreading] set to false (the
  dictionary is still read and the word list still built; only the rules'
  passes over the texts are skipped).
It also reads the stage 「校正」 that `tsushin -v check` prints (the time of the
whole proofreading inside the process), which the wall-time difference, a
fraction of a millisecond in ~150 ms, cannot resolve on a shared machine.
For the in-process figures of each stage see `cargo bench --bench proofread`.

Usage: python3 bench/check.py [--runs 40]   (needs cargo build --release)
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

from build import ROOT, run_once

RULES = ["date-weekday", "era-year", "phone-number", "wording", "dearu-desumasu",
         "doubled-punctuation", "brackets", "digit-width"]


def newsletter(work, name, rules_on):
    root = os.path.join(work, name)
    shutil.copytree(os.path.join(ROOT, "issues", "2022-06"), os.path.join(root, "issues", "2022-06"))
    shutil.copy(os.path.join(ROOT, "wording.toml"), root)
    with open(os.path.join(ROOT, "tsushin.toml"), encoding="utf-8") as f:
        settings = f.read()
    if not rules_on:
        settings = settings.replace("[proofreading]\n", "[proofreading]\n" + "".join(f"{r} = false\n" for r in RULES))
    with open(os.path.join(root, "tsushin.toml"), "w", encoding="utf-8") as f:
        f.write(settings)
    return root


def stage_ms(tsushin, root):
    out = subprocess.run([tsushin, "-v", "check", "2022-06"], cwd=root, capture_output=True, text=True, check=True)
    found = re.search(r"校正 ([0-9.]+) ms", out.stderr)
    if not found:
        sys.exit(f"no 校正 stage in:\n{out.stderr}")
    return float(found.group(1))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=40)
    args = ap.parse_args()
    tsushin = os.path.join(ROOT, "target", "release", "tsushin")
    if not os.path.exists(tsushin):
        sys.exit("build first: cargo build --release")
    work = tempfile.mkdtemp(prefix="tsushin-bench-check-")
    roots = {"rules on": newsletter(work, "on", True), "rules off": newsletter(work, "off", False)}
    cmd = [tsushin, "check", "2022-06"]
    for root in roots.values():
        for _ in range(3):
            run_once(cmd, root)
    wall = {name: [] for name in roots}
    stage = {name: [] for name in roots}
    for _ in range(args.runs):
        for name, root in roots.items():
            wall[name].append(run_once(cmd, root)[0] * 1000)
            stage[name].append(stage_ms(tsushin, root))
    print(f"`tsushin check 2022-06`, {args.runs} interleaved runs of each after 3 warm-up runs\n")
    print("| settings | wall median ms | wall min ms | 校正 stage median ms | 校正 stage max ms |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name in roots:
        w, s = wall[name], stage[name]
        print(f"| {name} | {statistics.median(w):.1f} | {min(w):.1f} | {statistics.median(s):.2f} | {max(s):.2f} |")
    diff = statistics.median(wall["rules on"]) - statistics.median(wall["rules off"])
    print(f"\nWall-time difference of the medians (on − off): {diff:+.1f} ms")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
