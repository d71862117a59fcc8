#!/usr/bin/env python3
"""How full each page of a tsushin PDF is.

For every page: the tallest horizontal band of the page body (inside the
margins of the default layout) with no text and no photo in it, as a share of
the body height. Shapes and drawings (boxes, the townscape ornament) do not
count as filling. Text and image positions come from poppler's `pdftohtml
-xml`.

    python3 bench/fill.py out/2022-06.pdf [more.pdf ...]
"""
import re
import subprocess
import sys
import tempfile

MM = 72 / 25.4
# Page body of the default layout (layouts/default/theme.typ: page-margin).
TOP, BOTTOM = 15 * MM, 16 * MM


def pages(pdf):
    with tempfile.TemporaryDirectory() as tmp:
        xml = subprocess.run(
            ["pdftohtml", "-xml", "-stdout", "-q", "-nodrm", pdf, f"{tmp}/img"],
            check=True, capture_output=True, text=True,
        ).stdout
    for page in re.finditer(r'<page number="(\d+)"[^>]*height="([\d.]+)"[^>]*>(.*?)</page>', xml, re.S):
        number, height, body = int(page.group(1)), float(page.group(2)), page.group(3)
        scale = 841.89 / height  # pdftohtml's units to points (A4)
        bands = []
        for m in re.finditer(r'<(text|image) top="([\d.-]+)" left="[\d.-]+" width="[\d.-]+" height="([\d.-]+)"', body):
            top, h = float(m.group(2)) * scale, float(m.group(3)) * scale
            bands.append((top, top + h, m.group(1)))
        yield number, bands


def largest_gap(bands, lo, hi):
    reached, gap, at = lo, 0.0, lo
    for top, bottom, _ in sorted(bands):
        top, bottom = max(top, lo), min(bottom, hi)
        if bottom <= lo or top >= hi:
            continue
        if top - reached > gap:
            gap, at = top - reached, reached
        reached = max(reached, bottom)
    if hi - reached > gap:
        gap, at = hi - reached, reached
    return gap, at


def main():
    worst = 0.0
    for pdf in sys.argv[1:]:
        shares = []
        for number, bands in pages(pdf):
            lo, hi = TOP, 841.89 - BOTTOM
            gap, at = largest_gap(bands, lo, hi)
            share = gap / (hi - lo)
            worst = max(worst, share)
            shares.append(f"p{number} {share * 100:4.1f}% (at {(at - lo) / MM:5.1f} mm)")
        print(f"{pdf}: " + " | ".join(shares))
    print(f"worst page: {worst * 100:.1f}% of the body")


if __name__ == "__main__":
    main()
