"""Printed timescales → due dates."""

from __future__ import annotations

from datetime import date

import pytest

from cjgraph.timescales import parse_timescale


@pytest.mark.parametrize(
    ("printed", "due", "kind"),
    [
        ("March 2018", date(2018, 3, 31), "date"),
        ("February 2020", date(2020, 2, 29), "date"),
        ("Sept 2019", date(2019, 9, 30), "date"),
        ("Dec-19", date(2019, 12, 31), "date"),
        ("by end of June 2021", date(2021, 6, 30), "date"),
        ("31/03/2019", date(2019, 3, 31), "date"),
        ("2019-06-15", date(2019, 6, 15), "date"),
        ("Q4 2021", date(2021, 12, 31), "date"),
        ("Q1 2019/20", date(2019, 6, 30), "date"),
        ("2018/19", date(2019, 3, 31), "date"),
        ("2020", date(2020, 12, 31), "date"),
        ("Spring 2019", date(2019, 5, 31), "date"),
        ("Ongoing", None, "open"),
        ("Ongoing (Contextual)", None, "open"),
        ("As required (contextual)", None, "open"),
        ("As plans are reviewed and renewed", None, "open"),
        ("Annually", None, "open"),
        ("When funding allows", None, "vague"),
        ("31/02/2019", None, "vague"),
        ("", None, "vague"),
    ],
)
def test_parse_timescale(printed: str, due: date | None, kind: str) -> None:
    got = parse_timescale(printed)
    assert (got.due, got.kind) == (due, kind)
    if kind == "vague":
        assert got.note


def test_plan_year() -> None:
    assert parse_timescale("Year 3", period_start="2017-04-01").due == date(2020, 3, 31)
    assert parse_timescale("Year 3").kind == "vague"
