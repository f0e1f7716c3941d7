"""``export --format html``: one self-contained page with gauges, charts, the compare table,
every rationale and the blockers; user text shows literally, never as markup."""

from __future__ import annotations

import tomllib
from html.parser import HTMLParser
from pathlib import Path

import tomlkit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlprofile_tui.core.compare import compare, compare_json
from mlprofile_tui.core.loading import build_workload
from mlprofile_tui.core.report_html import export_html, maturity_over_time
from mlprofile_tui.core.scoring import score_profile
from mlprofile_tui.core.workload import load_workload

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.mlprofile.toml"))
FRAUD = ROOT / "examples" / "fraud-scorer.mlprofile.toml"
# Elements the page is built from; anything else in the parse is user text become markup.
OURS = {
    "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "p", "span",
    "section", "div", "table", "thead", "tbody", "tr", "th", "td", "svg", "rect", "text", "g",
    "circle", "polyline", "figure", "figcaption", "b", "ul", "li", "code",
}  # fmt: skip


class Page(HTMLParser):
    """The parts of a page a check needs: tags, attributes, text chunks and style text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.data: list[str] = []
        self._in_style = False
        self.style = ""
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.style += data
        self.data.append(data)

    def shows(self, text: str) -> bool:
        return any(text in chunk for chunk in self.data)


def _loads_nothing(page: Page) -> None:
    assert set(page.tags) <= OURS, set(page.tags) - OURS
    for name, value in page.attrs:
        assert name not in ("src", "href", "srcset", "xlink:href", "action", "data"), name
        assert "http" not in (value or "") or name in ("aria-label",), (name, value)
    assert "url(" not in page.style and "@import" not in page.style


def test_every_example_exports_a_self_contained_page(cli, tmp_path):
    for example in EXAMPLES:
        out = tmp_path / (example.stem + ".html")
        r = cli("export", example, "--format", "html", "-o", out)
        assert r.code == 0, r.err
        text = out.read_text(encoding="utf-8")
        assert text.startswith("<!DOCTYPE html>")
        page = Page(text)
        _loads_nothing(page)
        workload = load_workload(example)
        # one chart pair per group: across profiles and across snapshots
        assert page.tags.count("svg") >= 3 * len(workload.rubric.groups)
        assert page.tags.count("figure") == 2 * len(workload.rubric.groups)
        for g in workload.rubric.groups:
            assert page.shows(g.title)


def test_the_page_holds_every_rationale_blocker_and_delta(cli):
    r = cli("export", FRAUD, "--format", "html")
    assert r.code == 0
    page = Page(r.out)
    workload = load_workload(FRAUD)
    comparison = compare(workload)
    for p in workload.profiles.values():
        if p.rationale:
            assert page.shows(p.rationale.strip()), p.name
        for key, answer in p.values.items():
            if answer.rationale:
                assert page.shows(answer.rationale), (p.name, key)
    for name in comparison.profiles:
        for b in comparison.scores[name].blockers:
            assert page.shows(b.distance), b.key
    rows = compare_json(workload, comparison)["rows"]
    ups = sum(1 for row in rows for d in row["deltas"].values() if d and d > 0)
    downs = sum(1 for row in rows for d in row["deltas"].values() if d and d < 0)
    groups = compare_json(workload, comparison)["summary"]
    ups += sum(1 for s in groups.values() for g in s["groups"].values() if (g["delta"] or 0) > 0)
    downs += sum(1 for s in groups.values() for g in s["groups"].values() if (g["delta"] or 0) < 0)
    assert ups > 0
    assert sum(chunk.count("▲") for chunk in page.data) == ups
    assert sum(chunk.count("▼") for chunk in page.data) == downs


def test_maturity_over_time_scores_every_snapshot_oldest_first():
    workload = load_workload(FRAUD)
    points = maturity_over_time(workload)
    assert [p.profile for p in points] == [p.name for p in workload.snapshots()]
    assert points[-1].profile == "current"
    for pt in points:
        s = score_profile(workload.rubric, workload.effective(pt.profile), pt.profile)
        assert (pt.level, pt.score) == (s.level, s.score)
        assert pt.groups == {gid: g.level for gid, g in s.groups.items()}


def test_unknown_profile_is_bad_input(cli, tmp_path):
    r = cli("export", FRAUD, "--format", "html", "--profiles", "current,nope")
    assert r.code == 2 and "nope" in r.err and "Traceback" not in r.err


NASTY = st.sampled_from(
    ["<script>alert('x')</script>", "&amp; & &lt;", "\"quoted\" 'single'", "</td></tr>", "]]>"]
)
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=20).map(
    str.strip
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=st.lists(st.tuples(TEXT, NASTY), min_size=6, max_size=6))
def test_any_workload_text_shows_literally(pieces):
    texts = [f"{a}{b}x" for a, b in pieces]
    name, owner, notes, why_target, why_value, outcome = texts
    doc = tomlkit.parse(FRAUD.read_text())
    doc["workload"]["name"] = name
    doc["workload"]["owner"] = owner
    doc["workload"]["notes"] = notes
    doc["profiles"]["reliable"]["rationale"] = why_target
    values = doc["profiles"]["reliable"]["values"]
    values["deployment.profile_review"]["rationale"] = why_value
    doc["profiles"]["current"]["values"]["business.outcome"]["value"] = outcome
    text = tomlkit.dumps(doc)
    workload, findings = build_workload(tomllib.loads(text), FRAUD, text)
    assert not [f for f in findings if f.severity == "error"]
    page = Page(export_html(workload, ["current", "reliable"]))
    _loads_nothing(page)
    for t in texts:
        assert page.shows(t), t
