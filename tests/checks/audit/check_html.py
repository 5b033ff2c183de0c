"""Check the audit role's HTML report: self-contained, consistent with the JSON result, and rendered right.

Usage: check_html.py HTML RESULT_JSON [SCREENSHOT_PNG [NARROW_PNG NARROW_DOM]]
       check_html.py --make-probe HTML PROBE_HTML
Static checks (no browser): no scripts, event handlers or external resources; the SVG chart has one bar per
status category with the JSON's counts; the summary table shows the JSON summary; every offender's username
appears as text. Screenshot checks (Pillow): the page is not blank, every chart colour whose category is
non-empty is present, and the bars are drawn to scale (widths of the single-bar categories "in progress"
and "deactivated", in colours used nowhere else, proportional to their counts).
Narrow checks (a 420 px window): the screenshot checks again on NARROW_PNG, and NARROW_DOM, the DOM that Chromium
dumped of a probe copy of the page (--make-probe adds a script to the copy only; the report itself has none),
shows no horizontal scrolling, no text block past the window's edges and every chart label and the chart
caption inside the window and the chart.
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


NARROW_PX = 420
# Chromium's headless window is at least 500 px wide, so the probe page shows the report in an iframe exactly
# 420 px wide and measures it there (file:// frames need --allow-file-access-from-files).
PROBE_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><style>body { margin: 0; } iframe { width: %(px)dpx; height: 1400px; border: 0; display: block; }</style></head>
<body><iframe id="report" src="%(src)s"></iframe>
<script>
document.getElementById('report').addEventListener('load', (event) => {
  const doc = event.target.contentDocument, vw = doc.documentElement.clientWidth;
  const out = {viewport: vw, scrollWidth: doc.documentElement.scrollWidth, cut: []};
  const box = (e) => e.getBoundingClientRect();
  const label = (e) => (e.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 50);
  const chart = doc.getElementById('status-chart'), c = chart ? box(chart) : null;
  doc.querySelectorAll('h1, h2, h3, p, table, svg, pre, code').forEach((e) => {
    const r = box(e);
    if (r.width && (r.left < -0.5 || r.right > vw + 0.5))
      out.cut.push(e.tagName.toLowerCase() + ' "' + label(e) + '" spans ' + r.left.toFixed(0) + '..' + r.right.toFixed(0) + ' px');
  });
  doc.querySelectorAll('#status-chart text').forEach((e) => {
    const r = box(e);
    if (r.left < Math.max(c.left, 0) - 0.5 || r.right > Math.min(c.right, vw) + 0.5) out.cut.push('chart label "' + label(e) + '" is cut');
  });
  const caption = doc.querySelector('#status-chart + p.note');
  out.caption = caption ? label(caption) : '';
  const pre = document.createElement('pre');
  pre.id = 'layout-probe';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script></body></html>
"""


def make_probe(html_path, probe_path):
    import pathlib
    with open(probe_path, "w", encoding="utf-8") as f:
        f.write(PROBE_PAGE % {"px": NARROW_PX, "src": pathlib.Path(html_path).resolve().as_uri()})


def layout_checks(dom_path):
    import html as html_lib
    with open(dom_path, encoding="utf-8", errors="replace") as f:
        dom = f.read()
    match = re.search(r'<pre id="layout-probe">(.*?)</pre>', dom, re.S)
    if not match:
        return ["the layout probe did not run (no #layout-probe in the dumped DOM)"]
    probe = json.loads(html_lib.unescape(match.group(1)))
    print(f"     narrow layout: viewport {probe['viewport']} px, page width {probe['scrollWidth']} px, {len(probe['cut'])} cut")
    problems = []
    if probe["viewport"] != NARROW_PX:
        problems.append(f"the narrow frame was {probe['viewport']} px wide, not {NARROW_PX}")
    if probe["scrollWidth"] > probe["viewport"]:
        problems.append(f"horizontal scrolling at {probe['viewport']} px: the page is {probe['scrollWidth']} px wide")
    problems += [f"at {probe['viewport']} px: {item}" for item in probe["cut"]]
    if not probe.get("caption", "").startswith("Each registration counts once"):
        problems.append("the chart caption is missing under the chart")
    return problems


def screenshot_checks(png_path, result, min_width=800):
    from PIL import Image  # Pillow, from test-requirements.txt

    problems = []
    img = Image.open(png_path).convert("RGB")
    w, h = img.size
    if w < min_width or h < 600:
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
    if argv[0] == "--make-probe":
        make_probe(argv[1], argv[2])
        return 0
    html_path, result_path = argv[0], argv[1]
    png_path = argv[2] if len(argv) > 2 else None
    narrow = argv[3:5] if len(argv) > 4 else None
    with open(result_path, encoding="utf-8") as f:
        result = json.load(f)
    problems = static_checks(html_path, result)
    if png_path:
        problems += screenshot_checks(png_path, result)
    if narrow:
        problems += screenshot_checks(narrow[0], result, min_width=400)
        problems += layout_checks(narrow[1])
    if problems:
        print(f"FAIL {html_path}:")
        for p in problems:
            print("  - " + p)
        return 1
    print(f"ok   {html_path}" + (f" (screenshot {png_path})" if png_path else "") + (" (and at 420 px)" if narrow else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
