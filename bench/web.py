#!/usr/bin/env python3
"""Benchmark: what `--web` adds to `tsushin build 2022-06`, end to end.

Runs `tsushin build 2022-06` and `tsushin build 2022-06 --web` on a copy of the
reference newsletter, interleaved so that the machine's load falls on both
alike, and reads the stage 「Web 版（PDF と並行）」 that `tsushin -v build
--web` prints (making and writing the web edition, on a thread of its own
while the PDF is exported; a wall-time difference of a few milliseconds in
~1 s cannot be resolved on a shared machine). For the in-process figures see `cargo bench --bench web`.

Usage: python3 bench/web.py [--runs 20]   (needs cargo build --release)
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


def web_ms(tsushin, root):
    out = subprocess.run([tsushin, "-v", "build", "2022-06", "--web"], cwd=root, capture_output=True, text=True,
                         check=True)
    found = re.search(r"Web 版（PDF と並行） ([0-9.]+) ms", out.stderr)
    if not found:
        sys.exit(f"no Web 版 stage in:\n{out.stderr}")
    return float(found.group(1))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=20)
    args = ap.parse_args()
    tsushin = os.path.join(ROOT, "target", "release", "tsushin")
    if not os.path.exists(tsushin):
        sys.exit("build first: cargo build --release")
    root = tempfile.mkdtemp(prefix="tsushin-bench-web-")
    shutil.copytree(os.path.join(ROOT, "issues", "2022-06"), os.path.join(root, "issues", "2022-06"))
    for name in ["tsushin.toml", "wording.toml"]:
        shutil.copy(os.path.join(ROOT, name), root)
    commands = {"build": [tsushin, "build", "2022-06"], "build --web": [tsushin, "build", "2022-06", "--web"]}
    for cmd in commands.values():
        for _ in range(3):
            run_once(cmd, root)
    wall = {name: [] for name in commands}
    stage = []
    for _ in range(args.runs):
        for name, cmd in commands.items():
            wall[name].append(run_once(cmd, root)[0] * 1000)
        stage.append(web_ms(tsushin, root))
    print(f"`tsushin build 2022-06` with and without --web, {args.runs} interleaved runs after 3 warm-up runs\n")
    print("| command | wall median ms | wall min ms |")
    print("| --- | ---: | ---: |")
    for name, w in wall.items():
        print(f"| {name} | {statistics.median(w):.1f} | {min(w):.1f} |")
    diff = statistics.median(wall["build --web"]) - statistics.median(wall["build"])
    print(f"\nWall-time difference of the medians: {diff:+.1f} ms; of the minima: "
          f"{min(wall['build --web']) - min(wall['build']):+.1f} ms")
    print(f"Web 版（PDF と並行） stage: median {statistics.median(stage):.1f} ms, max {max(stage):.1f} ms")
    shutil.rmtree(root)


if __name__ == "__main__":
    main()
