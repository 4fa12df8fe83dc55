"""The shipped bank's system design questions are rated on one frame.

Plain pytest on the YAML: no database. Each design scores its own core flow, the guide's six
design factors and the diagram, every criterion anchored at every level of the scale, and the
guidance gives the interviewer a time split that fits the question's minutes.
"""

import re
from pathlib import Path

import pytest
import yaml

from questionbank import guide

BANK_PATH = Path(__file__).resolve().parents[2] / "questionbank" / "banks" / "serverless.yaml"
BANK = yaml.safe_load(BANK_PATH.read_text(encoding="utf-8"))
DESIGNS = [q for q in BANK["questions"] if q["category"] == "system_design"]
SCALE_POINTS = sorted(level["points"] for level in BANK["scale"])
FRAME = (
    "Scalability and performance",
    "Cost",
    "Security",
    "Resilience",
    "Observability",
    "Maintainability and infrastructure as code",
    "Diagram of components and interactions",
)
CATCH_ALL = "Elaborate on the factors to consider when designing a serverless system"
# The catch-all heading is cited only where it literally teaches the factor or the VPC bullet.
MAY_CITE_CATCH_ALL = {
    "Scalability and performance",
    "Cost",
    "Resilience",
    "Maintainability and infrastructure as code",
    "Network placement and private connectivity",
}


def _key(question: dict) -> str:
    return question["key"]


def test_it_keeps_at_least_eighteen_designs_with_unique_prompts():
    assert len(DESIGNS) >= 18
    firsts = [q["prompt"].strip().split("\n")[0] for q in DESIGNS]
    assert len(firsts) == len(set(firsts))


@pytest.mark.parametrize("question", DESIGNS, ids=_key)
def test_it_rates_every_design_on_the_frame_plus_one_core_criterion(question):
    titles = [c["title"] for c in question["criteria"]]
    assert all(part in titles for part in FRAME), sorted(set(FRAME) - set(titles))
    assert len(titles) == len(FRAME) + 1, titles
    core = next(c for c in question["criteria"] if c["title"] not in FRAME)
    assert core["weight"] == max(c["weight"] for c in question["criteria"])


@pytest.mark.parametrize("question", DESIGNS, ids=_key)
def test_it_anchors_every_criterion_at_every_level(question):
    for criterion in question["criteria"]:
        anchors = criterion.get("anchors") or {}
        assert sorted(anchors) == SCALE_POINTS, criterion["title"]
        texts = [anchors[p].strip() for p in SCALE_POINTS]
        assert all(texts) and len(set(texts)) == len(texts), criterion["title"]


@pytest.mark.parametrize("question", DESIGNS, ids=_key)
def test_it_cites_headings_that_teach_the_criterion(question):
    for criterion in question["criteria"]:
        assert criterion["source"] in guide.HEADINGS, criterion["source"]
        if criterion["source"] == CATCH_ALL:
            assert criterion["title"] in MAY_CITE_CATCH_ALL, criterion["title"]
        if criterion["title"] == "Diagram of components and interactions":
            assert criterion["source"].startswith("Illustrate the system design")


@pytest.mark.parametrize("question", DESIGNS, ids=_key)
def test_it_gives_a_time_split_that_adds_up_to_the_minutes(question):
    match = re.search(r"Time split \((\d+) min\):([^.]*)\.", question["guidance"])
    assert match, "guidance has no time split"
    assert int(match.group(1)) == question["minutes"]
    parts = [int(n) for n in re.findall(r"(\d+) min", match.group(2))]
    assert sum(parts) == question["minutes"], parts


@pytest.mark.parametrize("question", DESIGNS, ids=_key)
def test_it_never_lets_a_red_flag_repeat_an_anchor(question):
    anchors = {
        text.strip().lower()
        for criterion in question["criteria"]
        for text in (criterion.get("anchors") or {}).values()
    }
    for flag in question.get("red_flags") or []:
        assert flag["title"].strip().lower() not in anchors


@pytest.mark.parametrize("question", DESIGNS, ids=_key)
def test_it_stores_prose_as_paragraphs(question):
    fields = [question["prompt"], question["guidance"]]
    for criterion in question["criteria"]:
        fields += [criterion["description"], *criterion["anchors"].values()]
    for text in fields:
        for paragraph in text.strip("\n").split("\n\n"):
            assert "\n" not in paragraph, paragraph[:60]
