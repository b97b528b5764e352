"""Outcome headings as partnerships print them (issue 10): the label and its statement on one
line ("Outcome 1 – …", "Priority 3: …", "<Area> Community Justice Outcome 1: …"), and a statement
that matches no national outcome, which is flagged and never put under the outcome before it."""

from __future__ import annotations

from pathlib import Path

from cjgraph.loaders.extract import extract_plan

PLAN = """West Dunbartonshire Community Justice Outcomes Improvement Plan 2018 - 2021

West Dunbartonshire Community Justice Outcome 1: Communities improve their understanding and participation in community justice

Ref	Improvement Action	Lead	Timescale
1.1	Hold an annual community justice awareness event in each town	Police Scotland	March 2019
1.2	Publish a community justice newsletter twice a year	West Dunbartonshire Council	Ongoing

Outcome 2 – Partners plan and deliver services in a more strategic and collaborative way

Ref	Improvement Action	Lead	Timescale
2.1	Agree an information sharing protocol between all partners	NHS Greater Glasgow and Clyde	June 2019

Priority 3: People have better access to the services they require, including welfare, health and wellbeing, housing and employability

Ref	Improvement Action	Lead	Timescale
3.1	Offer a benefits check to everyone released from custody	DWP	September 2019

Outcome 4 - Our people feel safer in their homes and streets

Ref	Improvement Action	Lead	Timescale
4.1	Run a campaign about hate crime reporting	Police Scotland	March 2020
"""


def test_labelled_outcome_headings_and_an_unmatched_one(tmp_path: Path) -> None:
    path = tmp_path / "west-dunbartonshire.txt"
    path.write_text(PLAN, encoding="utf-8")
    plan = extract_plan(path).plan
    assert [(a.ref, a.outcome) for a in plan.actions] == [
        ("1.1", "communities"),
        ("1.2", "communities"),
        ("2.1", "partnership"),
        ("3.1", "access"),
        ("4.1", ""),
    ]
    flagged = [i for i in plan.issues if i.code == "outcome-not-matched"]
    assert len(flagged) == 1 and "Our people feel safer" in flagged[0].message and "closest" in flagged[0].message
    assert flagged[0].source == "line 19"


def test_an_unmatched_statement_under_a_label_line(tmp_path: Path) -> None:
    text = PLAN.replace(
        "Outcome 4 - Our people feel safer in their homes and streets",
        "Outcome 4\n\nOur people feel safer in their homes and streets",
    )
    path = tmp_path / "west-dunbartonshire.txt"
    path.write_text(text, encoding="utf-8")
    plan = extract_plan(path).plan
    assert plan.actions[-1].outcome == ""
    assert [i.code for i in plan.issues].count("outcome-not-matched") == 1


SUMMARY = """Fife Community Justice Outcomes Improvement Plan 2019 - 2022

Structural Outcome 1

Communities improve their understanding and participation in community justice

Ref\tImprovement Action\tLead\tTimescale
SO1.1\tHold an annual community justice awareness event in each town\tPolice Scotland\tMarch 2020
SO1.2\tPublish a community justice newsletter twice a year\tFife Council\tOngoing

Structural Outcome 2

Partners plan and deliver services in a more strategic and collaborative way

Ref\tImprovement Action\tLead\tTimescale
SO2.1\tAgree an information sharing protocol between all partners\tNHS Fife\tJune 2020
SO2.2\tHold a joint training day for all partners each year\tFife Council\tMarch 2021

Summary of actions

Ref\tImprovement Action\tLead\tTimescale
SO1.1\tHold an annual community justice awareness event in each town\tPolice Scotland\tMarch 2020
SO1.2\tPublish a community justice newsletter twice a year\tFife Council\tOngoing
SO1.3\tRun a survey of public confidence in community sentences\tFife Council\tMarch 2021
SO2.1\tAgree an information sharing protocol between all partners\tNHS Fife\tJune 2020
SO2.2\tHold a joint training day for all partners each year\tFife Council\tMarch 2021
X7.1\tReview the plan with people with lived experience\tFife Council\tMarch 2022
"""


def test_actions_only_in_a_summary_table_take_their_ref_family_not_the_last_heading(tmp_path: Path) -> None:
    path = tmp_path / "fife.txt"
    path.write_text(SUMMARY, encoding="utf-8")
    plan = extract_plan(path).plan
    outcomes = {a.ref: a.outcome for a in plan.actions}
    assert (outcomes["SO1.3"], outcomes["X7.1"]) == ("communities", "")  # the heading last in force was partnership
    notes = {i.subject: i.message for i in plan.issues if i.code == "only-in-summary"}
    assert "from its ref family (communities)" in notes["SO1.3"] and "has no outcome" in notes["X7.1"]


def test_a_higher_heading_ends_the_outcome_section(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    d.add_heading("Fife Community Justice Outcomes Improvement Plan 2019 - 2022", level=1)
    d.add_heading("Structural Outcome 3", level=2)
    d.add_paragraph("Effective interventions are delivered to prevent and reduce the risk of further offending")
    rows = [
        ("Improvement Action", "Lead", "Timescale"),
        ("Run safety sessions in every ward", "Police Scotland", "June 2020"),
    ]
    for heading, body in (("Current activity", rows), ("Appendix 2: actions carried forward", None)):
        d.add_heading(heading, level=2 if body else 1)
        table = d.add_table(rows=0, cols=3)
        for r in body or [rows[0], ("Review the housing protocol", "Fife Council", "March 2021")]:
            for cell, value in zip(table.add_row().cells, r, strict=True):
                cell.text = value
    d.save(str(tmp_path / "plan.docx"))
    result = extract_plan(tmp_path / "plan.docx")
    outcomes = {a.text: a.outcome for a in result.plan.actions}
    # a heading at the outcome's own level ("Current activity") stays inside its section
    assert outcomes["Run safety sessions in every ward"] == "interventions"
    # Heading 1 is above the outcome's Heading 2: the appendix's actions are under no outcome, flagged
    assert outcomes["Review the housing protocol"] == ""
    carried = next(a for a in result.plan.actions if a.text == "Review the housing protocol")
    assert "under no recognised outcome" in carried.review


def test_a_reworded_statement_is_matched_with_its_score_recorded(tmp_path: Path) -> None:
    plan = tmp_path / "plan.txt"
    plan.write_text(
        "Fife Community Justice Outcomes Improvement Plan 2019 - 2022\n\n"
        "Outcome 2 – Partners plan and deliver services in a strategic way\n\n"
        "Ref\tImprovement Action\tLead\tTimescale\n2.1\tAgree an information sharing protocol\tNHS Fife\tJune 2019\n",
        encoding="utf-8",
    )
    result = extract_plan(plan)
    assert [a.outcome for a in result.plan.actions] == ["partnership"]
    notes = [i for i in result.plan.issues if i.code == "outcome-matched-by-similarity"]
    assert len(notes) == 1 and "75% of that outcome's words" in notes[0].message
