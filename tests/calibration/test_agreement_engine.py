"""Krippendorff's alpha (ordinal) in the scoring engine, against the published example and the
reference implementation in the `krippendorff` package."""

import math
from fractions import Fraction

import krippendorff
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interviews.scoring import agreement_reading, ordinal_alpha

N = None

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: four coders,
# twelve units, values 1..5 with gaps. Published: nominal .743, ordinal .815, interval .849.
PUBLISHED = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]


def units_of(coders):
    return list(zip(*coders, strict=True))


def reference(coders) -> float:
    data = np.array([[np.nan if v is None else v for v in row] for row in coders], dtype=float)
    return krippendorff.alpha(reliability_data=data, level_of_measurement="ordinal")


def test_it_reproduces_the_published_ordinal_alpha():
    agreement = ordinal_alpha(units_of(PUBLISHED))
    assert round(float(agreement.alpha), 3) == 0.815
    # Unit 12 has a single value, so 11 units and 40 values are pairable.
    assert (agreement.units, agreement.values) == (11, 40)


def test_it_ranks_the_units_that_disagree_most():
    agreement = ordinal_alpha(units_of(PUBLISHED))
    ranked = sorted(range(12), key=lambda i: agreement.disagreement[i], reverse=True)
    # Unit 6 (1, 2, 3, 4) is the widest spread, then unit 2 (2, 2, 3, 2) and 8 (1, 1, 2, 1).
    assert ranked[0] == 5
    assert set(ranked[1:3]) == {1, 7}
    assert agreement.disagreement[2] == 0 and agreement.disagreement[11] == 0


def test_it_is_exact():
    agreement = ordinal_alpha([(0, 0), (1, 1), (0, 1)])
    assert isinstance(agreement.alpha, Fraction)


def test_it_is_one_for_perfect_agreement_with_variation():
    assert ordinal_alpha([(1, 1, 1), (3, 3, N), (4, 4, 4)]).alpha == 1


@pytest.mark.parametrize(
    "units",
    [
        [],
        [(2, N), (N, 3)],  # nothing pairable
        [(2, 2), (2, 2, 2)],  # no variation: no disagreement to expect
    ],
)
def test_it_is_undefined_without_pairable_variation(units):
    assert ordinal_alpha(units).alpha is None


def test_it_refuses_non_whole_values():
    with pytest.raises(TypeError):
        ordinal_alpha([(1.5, 2)])


@pytest.mark.parametrize(
    ("alpha", "reading"),
    [
        (None, "undefined"),
        (Fraction(8, 10), "reliable"),
        (Fraction(799, 1000), "tentative"),
        (Fraction(667, 1000), "tentative"),
        (Fraction(666, 1000), "not reliable"),
        (Fraction(-1, 2), "not reliable"),
    ],
)
def test_it_reads_alpha_plainly(alpha, reading):
    assert agreement_reading(alpha) == reading


rating = st.one_of(st.none(), st.integers(min_value=0, max_value=4))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(min_value=2, max_value=5).flatmap(
        lambda coders: st.lists(
            st.lists(rating, min_size=coders, max_size=coders), min_size=1, max_size=25
        )
    )
)
def test_it_matches_the_reference_implementation(units):
    ours = ordinal_alpha(units)
    coders = [list(row) for row in zip(*units, strict=True)]
    present = {v for unit in units for v in unit if v is not None}
    pairable = [u for u in units if sum(v is not None for v in u) >= 2]
    if len(present) < 2 or not pairable:
        # The package refuses data it cannot define alpha for; the engine says undefined.
        assert ours.alpha is None
        return
    with np.errstate(divide="ignore", invalid="ignore"):
        theirs = reference(coders)
    if ours.alpha is None:
        assert not math.isfinite(theirs)
    else:
        assert float(ours.alpha) == pytest.approx(theirs, abs=1e-9)
    assert ours.units == len(pairable)
