#!/usr/bin/env python3
"""Rebuild latency of `tsushin watch`: edit one line of a Markdown file, time
until the new PDF has been written (renamed into place). Median of N runs.

With --typst, the same measurement for the official `typst watch` on the source
that tsushin emits (`tsushin build ISSUE --emit-typst DIR`), editing the same
sentence in the generated issue.typ.

Works on a copy of the newsletter in a temporary folder; the repository is not
touched. Needs a release build (cargo build --release).

    python3 bench/watch.py                 # tsushin watch, 30 runs
    python3 bench/watch.py --runs 50 --typst ~/.cargo/bin/typst
    python3 bench/watch.py --tsushin OTHER/target/release/tsushin   # an earlier build, to compare
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TSUSHIN = os.path.join(REPO, "target", "release", "tsushin")
# The sentence edited in every run (first line of greeting.md in 2022-06).
SENTENCE = "皆さんいかがお過ごしでしょうか。"


def stamp(path):
    """Identity of the file as written last: a rename gives a new inode."""
    try:
        st = os.stat(path)
        return (st.st_ino, st.st_mtime_ns, st.st_size)
    except FileNotFoundError:
        return None


def wait_change(path, before, timeout=30.0):
    start = time.perf_counter()
    while True:
        now = stamp(path)
        if now is not None and now != before:
            return time.perf_counter()
        if time.perf_counter() - start > timeout:
            raise TimeoutError(f"{path} was not rewritten within {timeout} s")
        time.sleep(0.0005)


def settle(path, quiet=0.3):
    """Waits until the PDF has not changed for `quiet` seconds."""
    last = stamp(path)
    since = time.perf_counter()
    while time.perf_counter() - since < quiet:
        time.sleep(0.01)
        now = stamp(path)
        if now != last:
            last, since = now, time.perf_counter()


def measure(process, edit_file, pdf, runs, make_text):
    original = open(edit_file, encoding="utf-8").read()
    settle(pdf, 1.0)
    times = []
    try:
        for i in range(runs):
            before = stamp(pdf)
            text = make_text(original, i)
            t0 = time.perf_counter()
            with open(edit_file, "w", encoding="utf-8") as f:
                f.write(text)
            t1 = wait_change(pdf, before)
            times.append((t1 - t0) * 1000)
            settle(pdf)
            if process.poll() is not None:
                raise RuntimeError("the watcher exited")
    finally:
        with open(edit_file, "w", encoding="utf-8") as f:
            f.write(original)
    return times


def collect_stderr(process, lines):
    for raw in process.stderr:
        lines.append(raw.decode("utf-8", "replace").rstrip("\n"))


def report(name, times, extra=""):
    times_sorted = sorted(times)
    print(f"{name}: median {statistics.median(times):.1f} ms, "
          f"min {times_sorted[0]:.1f}, p90 {times_sorted[int(len(times) * 0.9) - 1]:.1f}, "
          f"max {times_sorted[-1]:.1f} (n={len(times)}){extra}")


def stage_medians(lines):
    """Median of each stage from `tsushin watch -v` timing lines."""
    stages = {}
    for line in lines:
        for stage, ms in re.findall(r"(読み込み|組版|PDF|書き込み) ([0-9.]+) ms", line):
            stages.setdefault(stage, []).append(float(ms))
    return ", ".join(f"{k} {statistics.median(v):.1f} ms" for k, v in stages.items())


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--issue", default="2022-06")
    parser.add_argument("--newsletter", default=REPO, metavar="DIR",
                        help="newsletter folder to copy (default: this repository); its layouts/ and fonts/ come along")
    parser.add_argument("--typst", metavar="TYPST", help="also measure this typst CLI's `typst watch`")
    parser.add_argument("--tsushin", metavar="BIN", default=TSUSHIN,
                        help="the tsushin binary to measure (default: this repository's release build)")
    args = parser.parse_args()
    tsushin = args.tsushin
    if not os.path.exists(tsushin):
        sys.exit("build first: cargo build --release")

    with tempfile.TemporaryDirectory() as tmp:
        for settings in ("tsushin.toml", "wording.toml"):  # the settings and the dictionary they name
            if os.path.exists(os.path.join(args.newsletter, settings)):
                shutil.copy(os.path.join(args.newsletter, settings), tmp)
        shutil.copytree(os.path.join(args.newsletter, "issues", args.issue), os.path.join(tmp, "issues", args.issue))
        if args.newsletter != REPO:
            for extra in ("layouts", "fonts"):
                if os.path.isdir(os.path.join(args.newsletter, extra)):
                    shutil.copytree(os.path.join(args.newsletter, extra), os.path.join(tmp, extra))
        greeting = os.path.join(tmp, "issues", args.issue, "greeting.md")
        pdf = os.path.join(tmp, "out", f"{args.issue}.pdf")

        lines = []
        proc = subprocess.Popen([tsushin, "watch", args.issue, "-v"], cwd=tmp,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        threading.Thread(target=collect_stderr, args=(proc, lines), daemon=True).start()
        try:
            wait_change(pdf, None)
            times = measure(proc, greeting, pdf, args.runs,
                            lambda text, i: text.replace(SENTENCE, f"{SENTENCE}{i}", 1))
        finally:
            proc.terminate()
            proc.wait()
        # The first timing line is the initial full build.
        first_edit = next(i for i, l in enumerate(lines) if "変更:" in l)
        report("tsushin watch", times, f"\n  stages (median, in process): {stage_medians(lines[first_edit:])}")

        if args.typst:
            emit = os.path.join(tmp, "emit")
            subprocess.run([tsushin, "build", args.issue, "-q", "--emit-typst", emit, "-o", os.path.join(tmp, "x.pdf")],
                           cwd=tmp, check=True)
            out = os.path.join(emit, "out.pdf")
            proc = subprocess.Popen([args.typst, "watch", "--root", emit, "--font-path", os.path.join(emit, "fonts"),
                                     "--ignore-system-fonts", os.path.join(emit, "main.typ"), out],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                wait_change(out, None)
                times = measure(proc, os.path.join(emit, "issue.typ"), out, args.runs,
                                lambda text, i: text.replace(SENTENCE, f"{SENTENCE}{i}", 1))
            finally:
                proc.terminate()
                proc.wait()
            report("typst watch (emitted source)", times)


if __name__ == "__main__":
    main()
