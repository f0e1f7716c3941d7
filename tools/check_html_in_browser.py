"""Render ``mlprofile export --format html`` pages in a real browser (headless Chromium).

Not part of ``make test`` (it needs a browser): run it after changing ``core/report_html.py``.

    apt-get install -y chromium        # Debian; or set CHROMIUM=/path/to/chrome
    .venv/bin/python tools/check_html_in_browser.py [WORKLOAD...] [--screenshots DIR]

For each workload (default: every bundled example) it exports the page, has Chromium load it
with the network switched off (``--dump-dom``: the DOM after parsing and layout), and checks
that the browser's DOM holds what the page was written with: the workload's name, one
"across profiles" and one "across snapshots" chart per group, the compare table and no
element the page does not write. With ``--screenshots DIR`` it also saves a PNG of each page
to look at. Exit 0 when every page passes, 1 otherwise, 2 when no browser is found.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class _Dom(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: dict[str, int] = {}
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags[tag] = self.tags.get(tag, 0) + 1

    def handle_data(self, data):
        self.text.append(data)


def _browser() -> str | None:
    for name in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if name and shutil.which(name):
            return shutil.which(name)
    return None


def _chromium(browser: str, *args: str) -> subprocess.CompletedProcess:
    # No sandbox (containers run as root), no GPU, and every request outside file:// refused.
    return subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--proxy-server=127.0.0.1:9",
            "--proxy-bypass-list=<-loopback>",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )


def check(browser: str, workload: Path, out: Path, screenshots: Path | None) -> list[str]:
    """Problems with ``workload``'s page as Chromium sees it (empty: it rendered)."""
    sys.path.insert(0, str(ROOT / "src"))
    from mlprofile_tui.cli import main
    from mlprofile_tui.core.workload import load_workload

    page = out / (workload.name.removesuffix(".mlprofile.toml") + ".html")
    if main(["export", str(workload), "--format", "html", "-o", str(page)]) != 0:
        return ["export failed"]
    dumped = _chromium(browser, "--dump-dom", page.as_uri())
    if dumped.returncode != 0 or "<body" not in dumped.stdout:
        return [f"chromium failed ({dumped.returncode}): {dumped.stderr[-400:]}"]
    dom = _Dom(dumped.stdout)
    text = "".join(dom.text)
    w = load_workload(workload)
    groups = len(w.rubric.groups)
    problems = []
    if w.name not in text:
        problems.append("the workload's name is not on the page")
    for caption in ("across profiles", "across snapshots"):
        found = dom.text.count(caption)  # figure captions: text chunks of their own
        if found != groups:
            problems.append(f"{found} '{caption}' charts for {groups} groups")
    if dom.tags.get("svg", 0) < 3 * groups:
        problems.append(f"only {dom.tags.get('svg', 0)} SVG elements for {groups} groups")
    if "Compare" not in text or "Blockers to the next level" not in text:
        problems.append("the compare table or the blockers section is missing")
    for foreign in ("script", "img", "iframe", "link", "object", "embed"):
        if dom.tags.get(foreign):
            problems.append(f"the browser's DOM holds {dom.tags[foreign]} <{foreign}>")
    if screenshots is not None:
        shot = screenshots / page.with_suffix(".png").name
        _chromium(browser, f"--screenshot={shot}", "--window-size=1280,2400", page.as_uri())
        if not shot.exists():
            problems.append("no screenshot was written")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("workloads", nargs="*", type=Path)
    parser.add_argument("--screenshots", type=Path, help="save a PNG of each page here")
    args = parser.parse_args()
    browser = _browser()
    if browser is None:
        print("no Chromium found: apt-get install -y chromium, or set CHROMIUM", file=sys.stderr)
        return 2
    workloads = args.workloads or sorted((ROOT / "examples").glob("*.mlprofile.toml"))
    if args.screenshots:
        args.screenshots.mkdir(parents=True, exist_ok=True)
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for workload in workloads:
            problems = check(browser, workload, Path(tmp), args.screenshots)
            print(f"{workload.name}: {'ok' if not problems else 'FAILED'}")
            for p in problems:
                print(f"  - {p}")
            failed += bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
