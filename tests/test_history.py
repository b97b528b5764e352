"""A plan over its life (issue 22): the history sheets of the workbook (progress reports,
indicator values, self-assessments), read and checked as a planner fills them in, in Excel."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from cjgraph.cli import main
from cjgraph.examples import tiny_history_plan, tiny_plan
from cjgraph.loading import load
from cjgraph.model import Assessment, IndicatorValue, Plan, Update
from cjgraph.workbook import read_plan, write_plan


def _with_history(**history: object) -> Plan:
    return dataclasses.replace(tiny_plan(), **history)  # type: ignore[arg-type]


INDICATOR = tiny_plan().indicators[0].indicator


@pytest.mark.parametrize("suffix", [".xlsx", ""])
def test_the_history_sheets_are_written_and_read_back_whole(tmp_path: Path, suffix: str) -> None:
    plan = tiny_history_plan()
    out = tmp_path / f"plan{suffix}"
    write_plan(plan, out)
    assert read_plan(out) == plan


def test_in_excel_values_and_scores_are_numbers_dates_are_dates_and_there_are_dropdowns(tmp_path: Path) -> None:
    out = tmp_path / "plan.xlsx"
    write_plan(tiny_history_plan(), out)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[-3:] == ["progress", "indicator_values", "self_assessment"]
    assert [c.value for c in wb["indicator_values"]["D"]] == ["value", 41, 44, 12.5, 9.5]
    assert wb["self_assessment"]["C2"].data_type == "n"
    assert wb["progress"]["B2"].is_date and wb["progress"]["D3"].is_date
    lists = {str(v.sqref).split(":")[0][:1]: v.formula1 for v in wb["progress"].data_validations.dataValidation}
    assert "on-track" in lists["C"] and "A1" in lists["A"]


def test_an_older_workbook_without_history_reads_as_before(tmp_path: Path) -> None:
    out = tmp_path / "plan.xlsx"
    write_plan(tiny_plan(), out)
    wb = openpyxl.load_workbook(out)
    for name in ("progress", "indicator_values", "self_assessment"):
        del wb[name]
    wb.save(out)
    plan = read_plan(out)
    assert plan.updates == plan.indicator_values == plan.assessments == ()
    assert [a.ref for a in plan.actions] == ["A1", "A2", "A3"]


def test_the_latest_report_gives_the_status_and_the_original_due_date_is_kept(tmp_path: Path) -> None:
    out = tmp_path / "plan.xlsx"
    write_plan(tiny_history_plan(), out)
    G = load(out)
    a1 = G.nodes["action:tiny-2018-2021:A1"]
    assert (a1["status"], a1["status_date"]) == ("at-risk", "2018-09-30")
    assert a1["due"] == str(tiny_plan().action("A1").due)  # the revision (2019-09-30) lives on the report
    assert G.nodes["action:tiny-2018-2021:A2"]["status"] == "complete"


def test_planners_and_delivery_plan_words_are_read_as_statuses(tmp_path: Path) -> None:
    out = tmp_path / "plan.xlsx"
    words = ("Green", "In progress", "Outstanding", "Complete")
    dates = (date(2018, 6, 30), date(2018, 9, 30), date(2018, 12, 31), date(2019, 3, 31))
    write_plan(_with_history(updates=tuple(Update("A1", d, w) for d, w in zip(dates, words, strict=True))), out)
    run = CliRunner().invoke(main, ["validate", str(out)])
    assert run.exit_code == 0, run.output
    assert "progress row 3: info: status 'In progress' is read as 'on-track'" in run.output
    assert "progress row 4: info: status 'Outstanding' is read as 'off-track'" in run.output
    assert load(out).nodes["action:tiny-2018-2021:A1"]["status"] == "complete"


BAD = {
    "updates": (
        Update("A9", date(2018, 9, 30), "at-risk"),  # row 2: no such action
        Update("A1", date(2017, 1, 31), "on-track"),  # row 3: before the plan begins
        Update("A2", date(2019, 3, 31), "on-track"),  # row 4
        Update("A2", date(2018, 12, 31), "at-risk"),  # row 5: dated before the one above it
        Update("A3", date(2019, 1, 31), "at-risk", date(2019, 9, 30)),  # row 6: a revision, no reason
    ),
    "indicator_values": (
        IndicatorValue("access", INDICATOR + " (typo)", "2018-19", 1.0),  # row 2: no such indicator
        IndicatorValue("access", INDICATOR, "last year", 2.0),  # row 3: not a reporting year
    ),
    "assessments": (Assessment("access", "2018-19", 11.0, "1-10"),),  # row 2: outside its scale
}


def test_bad_history_rows_are_each_named_with_sheet_and_row(tmp_path: Path) -> None:
    out = tmp_path / "plan.xlsx"
    write_plan(_with_history(**BAD), out)
    wb = openpyxl.load_workbook(out)
    wb["indicator_values"]["D2"] = "about 40"  # a value that is not a number, as typed in Excel
    wb.save(out)
    run = CliRunner().invoke(main, ["validate", str(out)])
    assert run.exit_code == 1
    said = [line.split(": ", 1)[1] for line in run.output.splitlines() if " row " in line]
    for where, code in [
        ("progress row 2: error", "unknown-ref"),
        ("progress row 3: error", "date-before-plan"),
        ("progress row 5: warning", "out-of-date-order"),
        ("progress row 6: warning", "revision-without-reason"),
        ("indicator_values row 2: error", "not-a-number"),
        ("indicator_values row 2: error", "unknown-indicator"),
        ("indicator_values row 3: error", "bad-period"),
        ("self_assessment row 2: error", "score-outside-scale"),
    ]:
        assert any(line.startswith(where) and line.endswith(f"[{code}]") for line in said), (where, code, said)
    assert "did you mean 'Number of people housed on release'?" in run.output


def test_a_command_stops_on_bad_history_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "plan.xlsx"
    write_plan(_with_history(**BAD), out)
    pack = tmp_path / "pack"
    run = CliRunner().invoke(main, ["report", str(out), "--out", str(pack)])
    assert run.exit_code != 0
    assert "progress row 2: ref 'A9' is not an action of the plan" in run.output
    assert "Traceback" not in run.output
    assert not pack.exists()


def test_a_blank_outcome_of_a_value_is_read_from_the_indicators_sheet(tmp_path: Path) -> None:
    out = tmp_path / "plan.xlsx"
    write_plan(_with_history(indicator_values=(IndicatorValue("", INDICATOR, "2019/20", 3.0),)), out)
    run = CliRunner().invoke(main, ["validate", str(out)])
    assert run.exit_code == 0, run.output
    assert "indicator_values row 2: info: the outcome of 'Number of people housed on release' is read" in run.output
    assert "period '2019/20' is read as '2019-20'" in run.output


# ------------------------------------------------------------------------------ time in the graph

HISTORY_QUERIES = {  # a value the plan does not give is null (None) on every engine
    "MATCH (a:Action)-[:UPDATED]->(u:Update) RETURN a.ref, u.date, u.status, u.revised_due": [
        ("A1", "2018-06-30", "on-track", None),
        ("A1", "2018-09-30", "at-risk", "2019-09-30"),
        ("A2", "2018-09-30", "complete", None),
        ("A3", "2019-12-31", "off-track", None),
    ],
    "MATCH (i:Indicator)-[:VALUE]->(m:Measurement) RETURN i.name, m.period, m.value, m.unit": [
        (INDICATOR, "2018-19", 41.0, "people"),
        (INDICATOR, "2019-20", 44.0, "people"),
        (INDICATOR, "2019-20 Q1", 12.5, "people"),
        (INDICATOR, "2019-20 Q2", 9.5, "people"),
    ],
    "MATCH (o:Outcome)-[:ASSESSED]->(s:Assessment)-[:PART_OF]->(p:Plan) RETURN o.key, s.year, s.score, p.plan": [
        ("access", "2018-19", 6.0, "tiny-2018-2021"),
        ("access", "2019-20", 7.5, "tiny-2018-2021"),
    ],
}


def history_graph() -> object:
    from cjgraph.examples import tiny_history_graph

    return tiny_history_graph()


def test_the_history_is_in_the_graph_as_nodes_joined_to_what_they_are_about() -> None:
    G = history_graph()
    assert repr(G).endswith("1 Plan, 4 Update>") and "4 Measurement" in repr(G) and "2 Assessment" in repr(G)
    reports = [G.nodes[v] for _, v, k in G.out_edges("action:tiny-2018-2021:A1", keys=True) if k == "UPDATED"]
    assert sorted((r["date"], r["status"], r["revised_due"], r["reason"]) for r in reports) == [
        ("2018-06-30", "on-track", "", ""),
        ("2018-09-30", "at-risk", "2019-09-30", "funding came late"),
    ]
    values = [G.nodes[v] for _, v, k in G.out_edges("indicator:tiny-2018-2021:1", keys=True) if k == "VALUE"]
    assert sorted((m["period"], m["value"]) for m in values) == [
        ("2018-19", 41.0),
        ("2019-20", 44.0),
        ("2019-20 Q1", 12.5),
        ("2019-20 Q2", 9.5),
    ]


def test_the_history_answers_alike_in_networkx_and_the_embedded_engine() -> None:
    pytest.importorskip("ladybug")
    from cjgraph.cypher.embedded import EmbeddedCypher

    engine = EmbeddedCypher(history_graph())  # type: ignore[arg-type]
    try:
        for query, expected in HISTORY_QUERIES.items():
            assert sorted(tuple(r) for r in engine.run(query).rows) == expected, query
    finally:
        engine.close()


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json", "csv", "neo4j-import", "cypher"])
def test_every_export_carries_the_history(tmp_path: Path, fmt: str) -> None:
    from cjgraph.export import export_graph

    out = tmp_path / f"graph.{fmt}"
    export_graph(history_graph(), out, fmt)  # type: ignore[arg-type]
    text = "".join(p.read_text(encoding="utf-8") for p in ([out] if out.is_file() else sorted(out.rglob("*.*"))))
    assert "funding came late" in text and "update:tiny-2018-2021:A1:2" in text
    assert "Measurement" in text and "2019-20 Q1" in text and "ASSESSED" in text


def test_the_map_and_the_pack_draw_no_history_nodes(tmp_path: Path) -> None:
    from cjgraph.visualisations.maps import map_graph
    from cjgraph.visualisations.report import write_report

    G = history_graph()
    assert {d["kind"] for _, d in map_graph(G).nodes(data=True)}.isdisjoint({"Update", "Measurement", "Assessment"})  # type: ignore[arg-type]
    write_report(G, tmp_path / "pack")  # type: ignore[arg-type]
    assert "update:tiny-2018-2021" not in (tmp_path / "pack" / "map.html").read_text(encoding="utf-8")


# ------------------------------------------------------------ questions over time, with a hand key

# tiny_history_plan: A1 due 2019-03-31, on track 2018-06-30, at risk 2018-09-30 with its due date
# revised to 2019-09-30; A2 due 2019-03-31, complete 2018-09-30; A3 due 2020-06-30, never reported
STATUS_KEY = {  # date -> (ref, status, due then, overdue, days overdue) for A1, A2, A3
    "2018-05-01": [
        ("A1", "", "2019-03-31", False, 0),
        ("A2", "", "2019-03-31", False, 0),
        ("A3", "", "2020-06-30", False, 0),
    ],
    "2018-07-01": [
        ("A1", "on-track", "2019-03-31", False, 0),
        ("A2", "", "2019-03-31", False, 0),
        ("A3", "", "2020-06-30", False, 0),
    ],
    "2018-10-01": [
        ("A1", "at-risk", "2019-09-30", False, 0),
        ("A2", "complete", "2019-03-31", False, 0),
        ("A3", "", "2020-06-30", False, 0),
    ],
    # the plan's own date for A1 has passed, but it was revised: not overdue
    "2019-04-01": [
        ("A1", "at-risk", "2019-09-30", False, 0),
        ("A2", "complete", "2019-03-31", False, 0),
        ("A3", "", "2020-06-30", False, 0),
    ],
    "2019-06-30": [
        ("A1", "at-risk", "2019-09-30", False, 0),
        ("A2", "complete", "2019-03-31", False, 0),
        ("A3", "", "2020-06-30", False, 0),
    ],
    "2019-10-01": [
        ("A1", "at-risk", "2019-09-30", True, 1),
        ("A2", "complete", "2019-03-31", False, 0),
        ("A3", "", "2020-06-30", False, 0),
    ],
}
SLIPPAGE_KEY = [("A1", "2019-03-31", "2019-09-30", 1, 183, ("funding came late",))]
STALLED_KEY = {  # (date, days) -> (ref, last reported, days since it)
    ("2019-06-30", "180"): [("A1", "2018-09-30", 273), ("A3", "", -1)],
    ("2018-10-01", "30"): [("A3", "", -1)],
}


PARTNER_KEY = [("Police Scotland", 2, 1, 1, 183), ("Sacro", 2, 1, 1, 183)]  # A1, which both lead, slipped
OFF_TRACK_KEY = {"2019-06-30": [], "2020-01-31": [("communities", ("A3",))]}  # A3 "Outstanding" in December 2019
# the quarters in which the plan reported (June 2018, September 2018, December 2019): per outcome,
# (quarter, complete, on track, at risk, off track, no update, colour)
RAG_KEY = [
    ("access", "2018-19 Q1", 0, 1, 0, 0, 1, "grey"),  # A1 on track, A2 not yet reported: never green
    ("access", "2018-19 Q2", 1, 0, 1, 0, 0, "amber"),
    ("access", "2019-20 Q3", 1, 0, 1, 0, 0, "amber"),
    ("communities", "2018-19 Q1", 0, 0, 0, 0, 1, "grey"),
    ("communities", "2018-19 Q2", 0, 0, 0, 0, 1, "grey"),
    ("communities", "2019-20 Q3", 0, 0, 0, 1, 0, "red"),  # A3 "Outstanding"
]
SCORE_KEY = [("access", "2018-19", "2019-20", 1.5)]  # self-assessed 6 of 10, then 7.5
MOVEMENT_KEY = [  # the indicator (higher is better): 41 in 2018-19, 44 in 2019-20; 12.5 then 9.5 in Q1, Q2 2019-20
    ("2018-19", "2019-20", 3.0, "up", "better"),
    ("2019-20 Q1", "2019-20 Q2", -3.0, "down", "worse"),
]


def answers_by_cypher(run: Any) -> tuple[Any, ...]:
    """The questions' answers through the library's Cypher, ``run(name, params)`` giving rows."""
    status = {
        on: sorted((r[1], r[3], r[5], r[7], r[9]) for r in run("status_on", {"plan": "", "as_of": on}))
        for on in STATUS_KEY
    }
    slips = sorted((r[1], r[2], r[3], r[4], r[5], tuple(r[6])) for r in run("slippage", {"plan": ""}))
    still = {
        (on, days): sorted((r[1], r[3], r[4]) for r in run("stalled", {"plan": "", "as_of": on, "days": days}))
        for on, days in STALLED_KEY
    }
    moves = sorted((r[3], r[4], r[7], r[8], r[9]) for r in run("indicator_movement", {"plan": ""}))
    scores = sorted((r[1], r[2], r[3], r[6]) for r in run("assessment_movement", {"plan": ""}))
    partners = [tuple(r[1:]) for r in run("slippage_by_partner", {"plan": ""})]
    off = {
        on: [(r[1], tuple(r[4])) for r in run("outcomes_off_track", {"plan": "", "as_of": on})] for on in OFF_TRACK_KEY
    }
    rag = [(r[1], r[2], *r[5:9], r[10], r[11]) for r in run("rag_trend", {"plan": ""})]
    return status, slips, still, moves, scores, partners, off, rag


def test_the_questions_over_time_answer_the_hand_key_in_python() -> None:
    from cjgraph.queries import (
        assessment_movement,
        indicator_movement,
        outcomes_off_track,
        rag_trend,
        slippage,
        slippage_by_partner,
        stalled,
        status_on,
    )

    G = history_graph()
    for on, key in STATUS_KEY.items():
        got = [(s.ref, s.status, s.due, s.overdue, s.days_overdue) for s in status_on(G, date.fromisoformat(on))]  # type: ignore[arg-type]
        assert got == key, on
    assert [(s.ref, s.original_due, s.revised_due, s.revisions, s.days, s.reasons) for s in slippage(G)] == SLIPPAGE_KEY  # type: ignore[arg-type]
    for (on, days), key in STALLED_KEY.items():
        got = [(s.ref, s.last_reported, s.days_since) for s in stalled(G, date.fromisoformat(on), days=int(days))]  # type: ignore[arg-type]
        assert got == key, (on, days)
    assert [(m.before, m.after, m.change, m.direction, m.judged) for m in indicator_movement(G)] == MOVEMENT_KEY  # type: ignore[arg-type]
    assert [(m.outcome, m.before, m.after, m.change) for m in assessment_movement(G)] == SCORE_KEY  # type: ignore[arg-type]
    assert [(s.partner, s.led, s.slipped, s.revisions, s.days) for s in slippage_by_partner(G)] == PARTNER_KEY  # type: ignore[arg-type]
    for on, key in OFF_TRACK_KEY.items():
        assert [(o.outcome, o.refs) for o in outcomes_off_track(G, date.fromisoformat(on))] == key  # type: ignore[arg-type]
    rag = [
        (r.outcome, r.quarter, r.complete, r.on_track, r.at_risk, r.off_track, r.no_update, r.rag) for r in rag_trend(G)
    ]  # type: ignore[arg-type]  # noqa: E501
    assert rag == RAG_KEY


def test_the_questions_over_time_answer_the_hand_key_on_the_embedded_engine() -> None:
    pytest.importorskip("ladybug")
    from cjgraph.cypher import load_query
    from cjgraph.cypher.embedded import EmbeddedCypher

    engine = EmbeddedCypher(history_graph())  # type: ignore[arg-type]
    try:
        got = answers_by_cypher(lambda name, p: engine.run(load_query(name).embedded_text, p).rows)
    finally:
        engine.close()
    assert got == (STATUS_KEY, SLIPPAGE_KEY, STALLED_KEY, MOVEMENT_KEY, SCORE_KEY, PARTNER_KEY, OFF_TRACK_KEY, RAG_KEY)


def test_the_cli_says_each_actions_status_on_a_date(tmp_path: Path) -> None:
    out = tmp_path / "plan.xlsx"
    write_plan(tiny_history_plan(), out)
    run = CliRunner().invoke(main, ["progress", str(out), "--as-of", "2019-10-01", "--format", "csv"])
    assert run.exit_code == 0, run.output
    lines = [ln.split(",")[:9] for ln in run.output.splitlines() if ln.startswith("tiny-2018-2021,")]
    assert lines[0] == [
        "tiny-2018-2021",
        "A1",
        "2019-10-01",
        "at-risk",
        "2018-09-30",
        "2019-09-30",
        "2019-03-31",
        "yes",
        "no",
    ]
    run = CliRunner().invoke(main, ["progress", str(out), "--slippage"])
    assert "funding came late" in run.output and "183" in run.output
    run = CliRunner().invoke(
        main, ["progress", str(out), "--stalled", "180", "--as-of", "2019-06-30", "--format", "csv"]
    )
    assert [ln.split(",")[1] for ln in run.output.splitlines()[1:] if ln.startswith("tiny")] == ["A1", "A3"]


def test_the_timeline_and_the_pack_read_the_history_at_their_date(tmp_path: Path) -> None:
    from cjgraph.examples import tiny_graph
    from cjgraph.queries import timeline

    def overdue(G: object, on: date) -> list[tuple[str, str, int]]:
        return [(t.ref, t.due, t.days_overdue) for t in timeline(G, as_of=on) if t.overdue]  # type: ignore[arg-type]

    # as published, A1 and A2 were due in March 2019; by June A2 was reported complete and A1 revised to September
    assert overdue(tiny_graph(), date(2019, 6, 30)) == [("A1", "2019-03-31", 91), ("A2", "2019-03-31", 91)]
    assert overdue(history_graph(), date(2019, 6, 30)) == []
    assert overdue(history_graph(), date(2019, 10, 1)) == [("A1", "2019-09-30", 1)]
    out = tmp_path / "plan.xlsx"
    write_plan(tiny_history_plan(), out)
    run = CliRunner().invoke(main, ["timeline", str(out), "--as-of", "2019-06-30", "--overdue", "--format", "csv"])
    assert run.exit_code == 0 and [ln for ln in run.output.splitlines() if ln.startswith("tiny")] == []


def test_without_a_date_a_plan_is_judged_where_the_timeline_judges_it() -> None:
    from cjgraph.queries import status_on, timeline

    G = history_graph()
    assert {s.as_of for s in status_on(G)} == {"2021-03-31"}  # the tiny plan ran to March 2021
    judged = [(s.overdue, s.no_update) for s in status_on(G)]  # type: ignore[arg-type]
    assert judged == [(True, False), (False, False), (True, False)]  # A3, due June 2020, reported off track
    from cjgraph.examples import tiny_graph  # the plan as published: nothing reported, so no update, never overdue

    assert [(s.ref, s.overdue, s.no_update) for s in status_on(tiny_graph(), date(2019, 6, 30))] == [
        ("A1", False, True),
        ("A2", False, True),
        ("A3", False, False),
    ]
    assert [o or n for o, n in judged] == [t.overdue for t in sorted(timeline(G), key=lambda t: t.ref)]  # type: ignore[arg-type]


# ---------------------------------------------------------------- history from saved copies


def _copies(folder: Path) -> list[Path]:
    """Four quarterly copies of the tiny plan's workbook, as a planner saves them."""
    p = tiny_plan()
    a1, a2, a3 = p.actions
    quarters = [
        (date(2018, 6, 30), {"A1": {"status": "on-track"}, "A2": {"status": "not-started"}}),
        (
            date(2018, 9, 30),
            {
                "A1": {"status": "at-risk", "due": date(2019, 9, 30), "notes": "funding came late"},
                "A2": {"status": "on-track"},
            },
        ),
        (date(2018, 12, 31), {"A2": {"status": "complete"}, "A3": {"status": "on-track"}}),
        (date(2019, 3, 31), {"A1": {"status": "on-track", "due": date(2019, 12, 31)}, "A3": {"notes": "week booked"}}),
    ]
    actions = {a.ref: a for a in (a1, a2, a3)}
    paths = []
    for k, (when, edits) in enumerate(quarters, start=1):
        for ref, change in edits.items():
            actions[ref] = dataclasses.replace(actions[ref], status_date=when, **change)  # type: ignore[arg-type]
        paths.append(folder / f"plan-q{k}.xlsx")
        write_plan(dataclasses.replace(p, actions=tuple(actions.values())), paths[-1])
    return paths


HISTORY_KEY = [  # the rows a person would write from the four copies: ref, date, status, revised due, note
    ("A1", "2018-06-30", "on-track", "", ""),
    ("A1", "2018-09-30", "at-risk", "2019-09-30", "funding came late"),
    ("A1", "2019-03-31", "on-track", "2019-12-31", ""),
    ("A2", "2018-06-30", "not-started", "", ""),
    ("A2", "2018-09-30", "on-track", "", ""),
    ("A2", "2018-12-31", "complete", "", ""),
    ("A3", "2018-12-31", "on-track", "", ""),
    ("A3", "2019-03-31", "on-track", "", "week booked"),
]


def _rows(plan: Plan) -> list[tuple[str, str, str, str, str]]:
    return [(u.ref, str(u.date), u.status, str(u.revised_due or ""), u.note) for u in plan.updates]


@pytest.mark.parametrize("given", [False, True])
def test_history_over_four_saved_copies_gives_the_rows_a_person_would_write(tmp_path: Path, given: bool) -> None:
    copies = _copies(tmp_path)
    out = tmp_path / "plan.xlsx"
    dates = ["--dates", "2018-06-30,2018-09-30,2018-12-31,2019-03-31"] if given else []
    run = CliRunner().invoke(main, ["history", *(str(c) for c in reversed(copies)), *dates, "--out", str(out)])
    if given:  # the dates follow the order the copies were given in
        run = CliRunner().invoke(main, ["history", *(str(c) for c in copies), *dates, "--out", str(out), "--force"])
    assert run.exit_code == 0, run.output
    assert "8 progress reports from 4 copies; 2 revised due dates have no reason yet" in run.output
    plan = read_plan(out)
    assert _rows(plan) == HISTORY_KEY
    assert str(plan.action("A1").due) == "2019-03-31"  # the plan's own date, kept
    checked = CliRunner().invoke(main, ["validate", str(out)])
    assert checked.output.count("[revision-without-reason]") == 2 and checked.exit_code == 0
    assert load(out).nodes["action:tiny-2018-2021:A1"]["status"] == "on-track"


def test_history_refuses_copies_it_cannot_order_or_of_other_plans(tmp_path: Path) -> None:
    copies = _copies(tmp_path)
    out = tmp_path / "plan.xlsx"
    bare, other = tmp_path / "bare.xlsx", tmp_path / "other.xlsx"
    write_plan(tiny_plan(), bare)
    p = read_plan(copies[1])
    write_plan(dataclasses.replace(p, info=dataclasses.replace(p.info, id="fife-2018-2021")), other)
    for args, said in [
        ([str(copies[0]), str(other)], "the copies hold different plans (fife-2018-2021, tiny-2018-2021)"),
        ([str(bare), str(copies[0])], "has no status date to say when it was saved"),
        ([*map(str, copies[:2]), "--dates", "2018-06-30"], "--dates gives 1 dates for 2 copies"),
        ([*map(str, copies[:2]), "--dates", "2018-06-30,2018-06-30"], "two copies stand for the same date"),
        ([*map(str, copies[:2]), "--dates", "2018-06-30,30/09/2018"], "'30/09/2018' is not a date"),
        ([*map(str, copies[:2]), "--out", str(copies[1])], "is also an input"),
    ]:
        run = CliRunner().invoke(main, ["history", *args, *([] if "--out" in args else ["--out", str(out)])])
        assert run.exit_code != 0 and said in run.output, (args, run.output)
        assert "Traceback" not in run.output and not out.exists()


def test_which_way_an_indicator_is_better_is_checked(tmp_path: Path) -> None:
    out = tmp_path / "plan.xlsx"
    p = tiny_plan()
    write_plan(dataclasses.replace(p, indicators=(dataclasses.replace(p.indicators[0], better="bigger"),)), out)
    run = CliRunner().invoke(main, ["validate", str(out)])
    assert run.exit_code == 1
    assert "indicators row 2: error: better 'bigger' is not higher or lower" in run.output
