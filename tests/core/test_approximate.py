"""Numbers written approximately (``~400``, ``about 1.2 GB``, ``400ish``): read once, in the core.

The value stored is the plain number and the answer is ``estimated``; every other type reads
the text as it is; a marker without a number, or two of them, is refused with the reason.
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from mlprofile_tui.core.answers import Provenance, State
from mlprofile_tui.core.errors import ValueProblem
from mlprofile_tui.core.rubric import resolve_rubric
from mlprofile_tui.core.values import NUMERIC_TYPES, Parsed, parse_answer, parse_input
from mlprofile_tui.core.workload import WorkloadDocument, load_workload, new_workload_text

RUBRIC = resolve_rubric(None)
BY_TYPE: dict = {}
for _ch in RUBRIC.characteristics:
    BY_TYPE.setdefault(_ch.type, _ch)
NUMERIC = [BY_TYPE[t] for t in sorted(NUMERIC_TYPES)]

# Every marker form the issue lists, each a function of the plain text.
MARKERS = {
    "~": lambda t: f"~{t}",
    "≈": lambda t: f"≈{t}",
    "about": lambda t: f"about {t}",
    "around": lambda t: f"around {t}",
    "approx.": lambda t: f"approx. {t}",
    "approximately": lambda t: f"approximately {t}",
    "roughly": lambda t: f"roughly {t}",
    "circa": lambda t: f"circa {t}",
    "ca.": lambda t: f"ca. {t}",
    "ish": lambda t: f"{t}ish",
    "-ish": lambda t: f"{t}-ish",
}

_UNITS = {
    "bytes": ["", " B", "KB", " MB", " GB", " MiB", "k"],
    "duration_ms": ["", " ms", "s", " s", " min", " h", "us"],
    "int": [""],
    "float": [""],
}


@st.composite
def plain_number(draw, ch):
    """Text a person might type for ``ch`` without a marker: a number, maybe with a unit."""
    if ch.type == "int" or draw(st.booleans()):
        number = str(draw(st.integers(min_value=-10, max_value=10**12)))
    else:
        x = draw(st.floats(min_value=0, max_value=1e12, allow_nan=False, allow_infinity=False))
        number = str(x)
    return number + draw(st.sampled_from(_UNITS[ch.type]))


def _case(draw, text: str) -> str:
    """The same text with its letters in a random case (markers are case-insensitive)."""
    flips = draw(st.lists(st.booleans(), min_size=len(text), max_size=len(text)))
    return "".join(c.upper() if f else c.lower() for c, f in zip(text, flips, strict=True))


@st.composite
def marked(draw):
    ch = draw(st.sampled_from(NUMERIC))
    plain = draw(plain_number(ch))
    form = draw(st.sampled_from(sorted(MARKERS)))
    text = MARKERS[form](plain)
    if draw(st.booleans()):
        text = _case(draw, text)
    space = st.sampled_from(["", " ", "  ", "\t"])
    return ch, plain, form, draw(space) + text + draw(space)


def _parse(ch, text):
    try:
        return parse_input(ch, text)
    except ValueProblem as e:
        return str(e)


@settings(max_examples=400, deadline=None)
@given(case=marked())
def test_a_marker_gives_the_plain_value_marked_approximate(case):
    ch, plain, _form, text = case
    exact = _parse(ch, plain)
    assume(isinstance(exact, Parsed))  # a marker never makes a bad number good
    assert exact.approximate is False
    assert parse_input(ch, text) == Parsed(exact.value, approximate=True), (ch.type, text)
    answer = parse_answer(ch, text)
    assert (answer.value, answer.provenance) == (exact.value, Provenance.ESTIMATED.value)


@settings(max_examples=300, deadline=None)
@given(
    ch=st.sampled_from(NUMERIC),
    plain=st.text(alphabet="0123456789_.,eE+-kKmMgGbBsS µ", min_size=1, max_size=12),
    form=st.sampled_from(sorted(MARKERS)),
)
@example(ch=NUMERIC[0], plain="0-", form="-ish")  # "0--ish": still refused
def test_a_marker_never_makes_a_bad_number_good(ch, plain, form):
    exact = _parse(ch, plain)
    assume(not isinstance(exact, Parsed) and plain.strip())
    # "0-" + "ish" is "0-ish": the -ish marker on a good "0", not a marker on a bad "0-".
    assume(not (form == "ish" and plain.rstrip().endswith("-")))
    refused = _parse(ch, MARKERS[form](plain))
    assert isinstance(refused, str), (ch.type, plain, form)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(case=marked())
def test_an_approximate_answer_is_saved_and_read_back_estimated(case):
    ch, plain, _form, text = case
    exact = _parse(ch, plain)
    assume(isinstance(exact, Parsed))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "w.mlprofile.toml"
        path.write_text(new_workload_text("Approximate", RUBRIC), encoding="utf-8")
        doc = WorkloadDocument.load(path)
        doc.set_answer("current", ch.key, parse_answer(ch, text))
        doc.save()
        back = load_workload(path).profile("current").values[ch.key]
    assert back.state is State.VALUE
    assert back.value == exact.value
    assert back.provenance == Provenance.ESTIMATED.value


@settings(max_examples=200, deadline=None)
@given(plain=st.text(max_size=20), form=st.sampled_from(sorted(MARKERS)))
def test_text_answers_keep_a_marker_as_text(plain, form):
    ch = BY_TYPE["text"]
    text = MARKERS[form](plain)
    assume(text.strip())
    assert parse_input(ch, text) == Parsed(text.strip())


@pytest.mark.parametrize("text", ["~fast", "about yes"])
def test_choices_and_booleans_do_not_take_a_marker(text):
    for t in ("enum", "bool"):
        with pytest.raises(ValueProblem):
            parse_input(BY_TYPE[t], text)


@pytest.mark.parametrize(
    "text, reason",
    [
        ("~", "has no number after '~'"),
        ("about", "has no number after 'about'"),
        ("  ≈  ", "has no number after '≈'"),
        ("~~400", "says approximate twice"),
        ("about ~400", "says approximate twice"),
        ("~400ish", "says approximate twice"),
        ("about -", "'about -': expected"),
        ("~1,200", "',' is not accepted"),
        ("roughly fast", "'roughly fast': expected"),
    ],
)
def test_bad_marker_forms_say_why(text, reason):
    for ch in NUMERIC:
        with pytest.raises(ValueProblem, match=reason.replace("(", r"\(")):
            parse_input(ch, text)


@pytest.mark.parametrize("text", ["aboutface", "fish", "ish", "-ish", "about400"])
def test_words_that_only_look_like_a_marker_are_not_numbers(text):
    for ch in NUMERIC:
        with pytest.raises(ValueProblem, match="expected"):
            parse_input(ch, text)


def test_an_explicit_provenance_wins_except_measured():
    ch = RUBRIC.get("traffic.p95_latency_ms")
    assert parse_answer(ch, "~140 ms").provenance == "estimated"
    assert parse_answer(ch, "~140 ms", provenance="declared").provenance == "declared"
    assert parse_answer(ch, "140 ms", provenance="measured").provenance == "measured"
    with pytest.raises(ValueProblem, match="approximate value cannot be measured"):
        parse_answer(ch, "about 140 ms", provenance="measured")


# --------------------------------------------------------------------------- the command line


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_set_stores_the_plain_number_as_estimated(cli, tmp_path):
    path = tmp_path / "w.mlprofile.toml"
    assert cli("new", path, "--name", "Ranker").code == 0
    whole, text = BY_TYPE["int"].key, BY_TYPE["text"].key
    r = cli(
        "set",
        path,
        "traffic.p95_latency_ms=about 140 ms",
        "deployment.model_artifact_size=~1.2 GB",
        f"{whole}=400-ish",
        f"{text}=about 400",
        "traffic.latency_target_ms=100ms",
    )
    assert r.code == 0, r.err
    values = cli("show", path, "--json").json()["values"]
    assert values["traffic.p95_latency_ms"]["value"] == 140
    assert values["traffic.p95_latency_ms"]["provenance"] == "estimated"
    assert values["deployment.model_artifact_size"]["value"] == 1_200_000_000
    assert values["deployment.model_artifact_size"]["provenance"] == "estimated"
    assert (values[whole]["value"], values[whole]["provenance"]) == (400, "estimated")
    assert (values[text]["value"], values[text]["provenance"]) == ("about 400", "declared")
    assert values["traffic.latency_target_ms"]["provenance"] == "declared"
    assert '"traffic.p95_latency_ms" = { value = 140, provenance = "estimated" }' in (
        path.read_text()
    )


def test_set_explicit_provenance_wins_over_the_marker(cli, tmp_path):
    path = tmp_path / "w.mlprofile.toml"
    assert cli("new", path, "--name", "Ranker").code == 0
    r = cli("set", path, "traffic.p95_latency_ms=~140", "--provenance", "declared")
    assert r.code == 0, r.err
    shown = cli("show", path, "--json").json()["values"]["traffic.p95_latency_ms"]
    assert shown["provenance"] == "declared"


@pytest.mark.parametrize(
    "assignment, extra, reason",
    [
        ("traffic.p95_latency_ms=~400", ["--provenance", "measured"], "cannot be measured"),
        ("traffic.p95_latency_ms=~", [], "has no number after '~'"),
        ("traffic.p95_latency_ms=about", [], "has no number after 'about'"),
        ("traffic.p95_latency_ms=~~400", [], "says approximate twice"),
        ("traffic.p95_latency_ms=about -", [], "'about -': expected a duration"),
    ],
)
def test_set_refuses_bad_approximate_values_naming_the_key(
    cli, tmp_path, assignment, extra, reason
):
    path = tmp_path / "w.mlprofile.toml"
    assert cli("new", path, "--name", "Ranker").code == 0
    before = _digest(path)
    # A good value first: nothing is written unless every assignment is good.
    r = cli("set", path, "traffic.latency_target_ms=100ms", assignment, *extra)
    assert r.code == 2
    assert r.err.count("\n") == 1 and "Traceback" not in r.err
    assert f"{path}: traffic.p95_latency_ms: " in r.err and reason in r.err, r.err
    assert _digest(path) == before
