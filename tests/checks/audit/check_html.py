"""Check the audit role's HTML report: self-contained, consistent with the JSON result, and rendered right.

Usage: check_html.py HTML RESULT_JSON [SCREENSHOT_PNG]
Static checks (no browser): no scripts, event handlers or external resources; the SVG chart has one bar per
status category with the JSON's counts; the summary table shows the JSON summary; every offender's username
appears as text. Screenshot checks (Pillow): the page is not blank, every chart colour whose category is
non-empty is present, and the bars are drawn to scale (widths of the single-bar categories "in progress"
and "deactivated", in colours used nowhere else, proportional to their counts).
"""
from __future__ import annotations

import json
import re
import sys
from html.parser import HTMLParser

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
FORBIDDEN_TAGS = {"script", "link", "img", "iframe", "object", "embed", "frame", "base", "audio", "video", "source", "image", "use"}


class Report(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems, self.bars, self.summary_rows, self.text = [], [], [], []
        self._stack, self._row, self._in_summary = [], None, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"forbidden element <{tag}>")
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.problems.append(f"event handler attribute {name} on <{tag}>")
            if name.lower() in ("src", "href", "xlink:href", "action", "srcset", "poster", "data") and value:
                self.problems.append(f"resource reference {name}={value!r} on <{tag}>")
        if tag == "g" and a.get("class") == "bar":
            self.bars.append((a.get("data-category"), int(a.get("data-count"))))
        if tag == "table":
            self._in_summary = a.get("id") == "summary"
        if tag == "tr" and self._in_summary:
            self._row = []
        if tag in ("style",):
            self._stack.append(tag)

    def handle_endtag(self, tag):
        if tag == "tr" and self._row is not None:
            self.summary_rows.append(self._row)
            self._row = None
        if tag == "table":
            self._in_summary = False
        if self._stack and self._stack[-1] == tag:
            self._stack.pop()

    def handle_data(self, data):
        if self._stack and self._stack[-1] == "style":
            if re.search(r"url\s*\(|@import", data):
                self.problems.append("external resource in <style>")
            return
        self.text.append(data)
        if self._row is not None and data.strip():
            self._row.append(data.strip())


def static_checks(html_path, result):
    problems = []
    with open(html_path, encoding="utf-8") as f:
        html = f.read()
    if not html.startswith("<!DOCTYPE html>"):
        problems.append("no <!DOCTYPE html> at the start")
    if '<meta charset="utf-8">' not in html:
        problems.append("no <meta charset=utf-8>")
    if CONTROL.search(html):
        problems.append("control characters in the HTML")
    parser = Report()
    parser.feed(html)
    parser.close()
    problems += parser.problems
    expected_bars = [(b["category"], b["count"]) for b in result["breakdown"]]
    if parser.bars != expected_bars:
        problems.append(f"chart bars {parser.bars} != breakdown {expected_bars}")
    if sum(count for _category, count in parser.bars) != result["summary"]["total"]:
        problems.append("chart bars do not add up to the total")
    rows = {r[0]: r[1] for r in parser.summary_rows if len(r) == 2}
    s = result["summary"]
    for label, key in (("Total", "total"), ("Successful", "successful"), ("Unsuccessful", "unsuccessful"),
                       ("In progress", "in_progress"), ("Deactivated", "deactivated"), ("Persistent", "persistent"),
                       ("Bound to an application", "bound_to_application")):
        if rows.get(label) != str(s[key]):
            problems.append(f"summary row {label!r} shows {rows.get(label)!r}, expected {s[key]}")
    text = " ".join(parser.text)
    for c in result["checks"]:
        for o in c["offenders"]:
            name = CONTROL.sub("", o["sip_username"])
            if name not in text and re.sub(r"\s+", " ", name) not in re.sub(r"\s+", " ", text):
                problems.append(f"offender {o['sip_username']!r} of {c['name']} not shown as text")
    verdict = "PASSED" if result["passed"] else "FAILED"
    if f'id="verdict">{verdict}<' not in html:
        problems.append(f"verdict {verdict} not shown")
    return problems


def screenshot_checks(png_path, result):
    from PIL import Image  # Pillow, from test-requirements.txt

    problems = []
    img = Image.open(png_path).convert("RGB")
    w, h = img.size
    if w < 800 or h < 600:
        problems.append(f"screenshot is only {w}x{h}")
    counts = {}
    for n, rgb in img.getcolors(maxcolors=w * h):
        counts[rgb] = counts.get(rgb, 0) + n
    if len(counts) < 50:
        problems.append(f"screenshot has only {len(counts)} colours: blank page?")
    white = counts.get((255, 255, 255), 0)
    if white > 0.98 * w * h:
        problems.append("screenshot is almost all white")

    # Longest horizontal run of each chart colour (exact colour: bar interiors are not anti-aliased).
    # "in progress" and "deactivated" are one bar each, in colours used nowhere else on the page, so their
    # longest runs are their bar widths, which must be proportional to their counts.
    totals, colors = {}, {}
    for b in result["breakdown"]:
        rgb = tuple(int(b["color"][i:i + 2], 16) for i in (1, 3, 5))
        colors[b["category"]] = rgb
        totals[b["category"]] = totals.get(b["category"], 0) + b["count"]
    wanted = {rgb: cat for cat, rgb in colors.items()}
    longest = dict.fromkeys(colors, 0)
    pixels = img.load()
    for y in range(h):
        run_color, run = None, 0
        for x in range(w):
            cat = wanted.get(pixels[x, y])
            if cat is not None and cat == run_color:
                run += 1
            else:
                run_color, run = cat, (1 if cat is not None else 0)
            if cat is not None and run > longest[cat]:
                longest[cat] = run
    for cat, rgb in colors.items():
        print("     %-12s #%02x%02x%02x registrations=%-4d longest run=%d px" % ((cat,) + rgb + (totals[cat], longest[cat])))
        if totals[cat] and longest[cat] < 2:
            problems.append(f"chart colour of {cat} ({totals[cat]} registrations) not visible")
    c1, c2 = totals.get("in_progress", 0), totals.get("deactivated", 0)
    if c1 >= 5 and c2 >= 5:
        ratio_px, ratio_n = longest["in_progress"] / max(longest["deactivated"], 1), c1 / c2
        if abs(ratio_px / ratio_n - 1) > 0.08:
            problems.append(f"bars not to scale: width ratio {ratio_px:.3f} vs count ratio {ratio_n:.3f}")
    return problems


def main(argv):
    html_path, result_path = argv[0], argv[1]
    png_path = argv[2] if len(argv) > 2 else None
    with open(result_path, encoding="utf-8") as f:
        result = json.load(f)
    problems = static_checks(html_path, result)
    if png_path:
        problems += screenshot_checks(png_path, result)
    if problems:
        print(f"FAIL {html_path}:")
        for p in problems:
            print("  - " + p)
        return 1
    print(f"ok   {html_path}" + (f" (screenshot {png_path})" if png_path else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
