"""Dates at the precision written, resolved against the publication date."""

from __future__ import annotations

import pytest

from actorgraph._extract._when import resolve


@pytest.mark.parametrize(("phrase", "published", "expected"), [
    # the seed's own wording, in a report of Saturday 7 December 2019
    ("in August and September of 2019", "2019-12-07", ("2019-08", "2019-09")),
    ("since April this year", "2019-12-07", ("2019-04", None)),
    ("on Tuesday", "2019-12-07", ("2019-12-03", "2019-12-03")),
    ("in the summer of 2018", "2019-12-07", ("2018", "2018")),
    # relative to the publication date
    ("last month", "2021-03-18", ("2021-02", "2021-02")),
    ("last month", "2021-01-05", ("2020-12", "2020-12")),
    ("until last year", "2021-03-18", (None, "2020")),
    ("late last year", "2022-05-12", ("2021", "2021")),
    ("since early February", "2021-03-18", ("2021-02", None)),
    ("in December", "2022-05-12", ("2021-12", "2021-12")),  # a month ahead: last year's
    ("in January", "2021-03-18", ("2021-01", "2021-01")),
    ("in November last year", "2023-11-08", ("2022-11", "2022-11")),
    ("since the summer of 2022", "2023-11-08", ("2022", None)),
    ("on 13 January", "2020-01-14", ("2020-01-13", "2020-01-13")),
    ("on January 13, 2020", "2020-03-01", ("2020-01-13", "2020-01-13")),
    ("yesterday", "2020-03-01", ("2020-02-29", "2020-02-29")),
    ("in 2019", "2022-05-12", ("2019", "2019")),
    ("on Monday", "2023-11-08", ("2023-11-06", "2023-11-06")),
    ("on Thursday", "2021-03-18", ("2021-03-18", "2021-03-18")),  # the day itself
])
def test_resolves_at_the_written_precision(phrase, published, expected):
    assert resolve(phrase, published) == expected


@pytest.mark.parametrize("phrase", [
    "they may attack",           # the modal verb, not the month
    "the 2015 peace accord",     # a year that names an accord
    "13,000 people had fled",
    "no date here",
])
def test_not_a_date(phrase):
    assert resolve(phrase, "2022-05-12") is None


def test_never_padded_to_a_finer_precision(extracted):
    x = extracted("sahel-mali")
    for c in x.candidates:
        for value in (c.start, c.end):
            assert value is None or len(value) in (4, 7, 10)
    # 'Mali signed a defence agreement with Russia in 2019' stays a year
    signed = [c for c in x.candidates if c.relation == "agreement_with"]
    assert [(c.start, c.end) for c in signed] == [("2019", "2019")]
