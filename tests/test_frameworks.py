"""National frameworks as data, chosen from the document (issue 11): the 2023 Community Justice
Performance Framework beside the 2016 one."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cjgraph.cli import main
from cjgraph.cypher import load_query
from cjgraph.cypher.embedded import EmbeddedCypher
from cjgraph.errors import GraphError
from cjgraph.framework import available_frameworks, load_framework
from cjgraph.loading import load
from cjgraph.queries import compare_plans, find_gaps, timeline

from conftest import HERE, SEEDS, score
from docmaker import make_docx
from parity import EXPECTED, params, rows

ILLUSTRATIVE = HERE / "fixtures" / "plans" / "illustrative.txt"


def _extract(*args: str) -> str:
    result = CliRunner().invoke(main, ["extract", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_both_frameworks_are_installed_with_their_outcomes() -> None:
    assert {"opif-2016", "cjpf-2023"} <= set(available_frameworks())
    cjpf = load_framework("cjpf-2023")
    assert (len(cjpf.outcomes), len(cjpf.aims), len(cjpf.priority_actions)) == (9, 4, 13)
    actions = {p.key for p in cjpf.priority_actions}
    assert all(set(o.aligned_to) <= actions for o in cjpf.outcomes)
    # wording that could not be confirmed is marked, never passed off as the published text
    assert all(p.title.startswith("[") == (not p.verified) for p in cjpf.priority_actions)


@pytest.mark.parametrize("as_word", [False, True], ids=["text", "docx"])
def test_a_2023_plan_is_read_against_the_2023_framework(
    as_word: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = ILLUSTRATIVE
    if as_word:
        plan = make_docx(ILLUSTRATIVE.read_text(encoding="utf-8"), tmp_path / "illustrative.docx")
    output = _extract(str(plan), "--out", str(tmp_path / "out"))
    assert "framework: cjpf-2023 (its headings name 9 of its 9 outcomes; opif-2016: 0 of 7)" in output
    assert score(tmp_path / "out", "illustrative-2023", capsys) == 1.0


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_the_seeds_are_still_read_against_the_2016_framework(name: str, tmp_path: Path) -> None:
    output = _extract(str(SEEDS[name]), "--out", str(tmp_path / "out"))
    assert "framework: opif-2016 (its headings name 7 of its 7 outcomes; cjpf-2023: 0 of 9)" in output


def test_the_framework_asked_for_is_used_and_said(tmp_path: Path) -> None:
    output = _extract(str(SEEDS["midlothian"]), "--framework", "cjpf-2023", "--out", str(tmp_path / "out"))
    assert "framework: cjpf-2023 (as asked)" in output
    assert "actions to check: 48 of 48" in output  # no 2016 heading is a 2023 outcome: all flagged
    result = CliRunner().invoke(
        main, ["extract", str(SEEDS["midlothian"]), "--framework", "opif-2099", "--out", str(tmp_path / "x")]
    )
    assert (
        result.exit_code != 0
        and "unknown framework 'opif-2099'; known frameworks: cjpf-2023, opif-2016" in result.output
    )


def test_a_plan_whose_headings_name_no_framework_is_reported(tmp_path: Path) -> None:
    plan = tmp_path / "plan.txt"
    plan.write_text(
        "Anywhere Justice Plan 2024\n\nOur work\n\nRef\tImprovement Action\tLead\tTimescale\n"
        "A1\tRun a drop-in service\tPolice Scotland\tJune 2024\n",
        encoding="utf-8",
    )
    output = _extract(str(plan), "--out", str(tmp_path / "out"))
    assert "framework: opif-2016, assumed: none is clear from the headings" in output
    issues = (tmp_path / "out" / "issues.csv").read_text(encoding="utf-8")
    assert "framework-not-detected" in issues and "--framework" in issues


TOY = HERE / "fixtures" / "frameworks"


def _known(G: Any, p: dict[str, str]) -> bool:
    """Whether a parameter set names only nodes of ``G`` (the cases were written for the seeds)."""
    from cjgraph.queries.select import find_partners

    if p.get("start") and p["start"] not in G:
        return False
    try:
        return not p.get("partner") or bool(find_partners(G, p["partner"]))
    except GraphError:
        return False


def _parity(G: Any, plans: list[str]) -> set[str]:
    """Every library query gives the networkx answer on ``G``, for all plans and each; returns the
    queries whose answers were not empty."""
    engine = EmbeddedCypher(G)
    answered = set()
    for name in sorted(EXPECTED):
        expected, columns = EXPECTED[name]
        query = load_query(name).embedded_text
        for plan in ["", *plans]:
            for p in params(name, plan):
                if _known(G, p):
                    want = expected(G, p)
                    assert rows(engine.run(query, p).rows, columns) == want, (name, p)
                    answered |= {name} if want else set()
    return answered


@pytest.fixture(scope="module")
def mixed() -> Any:
    """One 2016 plan and one 2023 plan in one graph."""
    return load(SEEDS["midlothian"], ILLUSTRATIVE)


def test_a_2016_and_a_2023_plan_together_give_per_framework_answers(mixed: Any) -> None:
    opif, cjpf = set(load_framework("opif-2016").keys), set(load_framework("cjpf-2023").keys)
    plan_2016, plan_2023 = "midlothian-2017-2020", "illustrative-2023-2028"
    outcomes = {n: d for n, d in mixed.nodes(data=True) if d["kind"] == "Outcome"}
    assert len(outcomes) == 16 and all(n == f"outcome:{d['framework']}:{d['key']}" for n, d in outcomes.items())
    gaps = {(g.plan, g.reason) for g in find_gaps(mixed) if g.reason.startswith("outcome")}
    # 2016 plans list indicators per outcome; 2023's national indicators are sourced centrally
    assert (plan_2016, "outcome-only-qualitative") in gaps
    assert not {r for p, r in gaps if p == plan_2023}
    for plan, keys in ((plan_2016, opif), (plan_2023, cjpf)):
        assert {g.subject for g in find_gaps(mixed, plan=plan) if g.reason.startswith("outcome")} <= keys
        compared = [c for c in compare_plans(mixed) if c.plan == plan and not c.via]
        assert [c.outcome for c in compared] == [
            o.key for o in load_framework(mixed.nodes[f"plan:{plan}"]["framework"]).outcomes
        ]
        assert {i.outcome for i in timeline(mixed, plan=plan)} - {""} <= keys
    answered = _parity(mixed, [plan_2016, plan_2023])
    assert len(answered) >= 15, sorted(set(EXPECTED) - answered)  # parity on real answers, not empty ones


def test_every_command_runs_on_the_two_frameworks(tmp_path: Path) -> None:
    plans = [str(SEEDS["midlothian"]), str(ILLUSTRATIVE)]
    for command in ("gaps", "lead-load", "compare", "chains", "network", "timeline"):
        result = CliRunner().invoke(main, [command, *plans])
        assert result.exit_code == 0, (command, result.output)
    result = CliRunner().invoke(main, ["map", *plans, "--outcome", "throughcare", "--out", str(tmp_path / "m.html")])
    assert result.exit_code == 0, result.output
    assert "outcome:cjpf-2023:throughcare" in (tmp_path / "m.html").read_text(encoding="utf-8")
    result = CliRunner().invoke(main, ["report", *plans, "--out", str(tmp_path / "pack")])
    assert result.exit_code == 0, result.output
    coverage = (tmp_path / "pack" / "coverage.svg").read_text(encoding="utf-8")
    # both frameworks' outcomes in the matrix, by their titles (wrapped: the first words are on the first line)
    for fid, key in (("cjpf-2023", "throughcare"), ("opif-2016", "life-chances")):
        title = next(o.title for o in load_framework(fid).outcomes if o.key == key)
        assert " ".join(title.split()[:2]) in coverage, title


def test_a_toy_framework_of_two_outcomes_drives_everything(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing about the toy framework is in cjgraph's code: the data file is all there is."""
    monkeypatch.setenv("CJGRAPH_FRAMEWORKS", str(TOY))
    plan = HERE / "fixtures" / "plans" / "toy.txt"
    output = _extract(str(plan), "--out", str(tmp_path / "toy.xlsx"))
    assert "framework: toy (its headings name 2 of its 2 outcomes" in output
    G = load(tmp_path / "toy.xlsx")
    assert sorted(d["key"] for _, d in G.nodes(data=True) if d["kind"] == "Outcome") == ["harvest", "seeds"]
    assert ("outcome:toy:seeds", "outcome:toy:harvest", "ENABLES") in G.edges(keys=True)
    assert {(g.reason, g.subject) for g in find_gaps(G) if g.reason.startswith("outcome")} == {
        ("outcome-unmeasured", "seeds"),
        ("outcome-unmeasured", "harvest"),
    }
    assert [(c.outcome, c.actions) for c in compare_plans(G)] == [("seeds", 2), ("harvest", 1)]
    assert _parity(G, ["toy-2024-2026"])
    result = CliRunner().invoke(main, ["report", str(tmp_path / "toy.xlsx"), "--out", str(tmp_path / "pack")])
    assert result.exit_code == 0, result.output
    assert "harvest" in (tmp_path / "pack" / "coverage.svg").read_text(encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "toy.xlsx")])
    assert result.exit_code == 0, result.output


def test_a_broken_framework_file_is_one_sentence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "bad.toml").write_text('id = "bad"\n[[outcomes]]\ntitle = "No key"\n', encoding="utf-8")
    monkeypatch.setenv("CJGRAPH_FRAMEWORKS", str(tmp_path))
    result = CliRunner().invoke(
        main, ["extract", str(ILLUSTRATIVE), "--framework", "bad", "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 1
    assert "bad.toml: is not a framework file cjgraph can read (missing 'key')" in result.output
    assert "Traceback" not in result.output


# code strings that equal an outcome key but name something else of cjgraph's own
NOT_OUTCOMES = {
    "partnership": "a Plan property (the community justice partnership's area)",
    "confidence": "the actions sheet column saying how sure the extractor is",
    "relationships": "a Cypher path's relationships (cjgraph/cypher)",
}


def _code_strings(path: Path) -> list[tuple[int, str]]:
    """The string constants of a module's code: docstrings and comments left out."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant)}
    return [
        (n.lineno, n.value)
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs
    ]


def test_no_framework_outcome_lives_in_code() -> None:
    """Outcome keys, titles, types and counts of the frameworks are data (cjgraph/data/*.toml)."""
    root = HERE.parent
    keys, titles = set(), []
    for fid in ("opif-2016", "cjpf-2023"):
        fw = load_framework(fid)
        keys |= {o.key for o in fw.outcomes} | {o.type for o in fw.outcomes}
        titles += [o.title.lower() for o in fw.outcomes]
    found = []
    for folder in ("cjgraph", "loaders", "queries", "visualisations"):
        for path in sorted((root / folder).rglob("*.py")):
            for line, value in _code_strings(path):
                low = value.lower()
                if value in keys and value not in NOT_OUTCOMES:
                    found.append(f"{path.relative_to(root)}:{line}: key {value!r}")
                found += [f"{path.relative_to(root)}:{line}: title {t[:40]!r}" for t in titles if t[:40] in low]
                if re.search(r"\b(?:one|two|three|four|five|six|seven) to (?:seven|nine)\b", low):
                    found.append(f"{path.relative_to(root)}:{line}: a count of outcomes {value!r}")
    assert not found, "\n".join(found)


def test_compare_puts_a_2016_plan_beside_a_2023_plan_through_the_crosswalk(mixed: Any) -> None:
    rows = {(c.outcome, c.plan): c for c in compare_plans(mixed)}
    walked = rows[("access", "illustrative-2023-2028")]
    # the five 2023 outcomes that carry on 2016's access to services, two actions each
    assert walked.via == "crosswalk: custody-support, health-care, accommodation, employability, throughcare"
    assert walked.actions == 10
    assert rows[("partnership", "illustrative-2023-2028")].via == "crosswalk: no counterpart"
    assert rows[("access", "midlothian-2017-2020")].via == ""  # its own outcome
    assert not any(c.via for c in compare_plans(mixed) if c.plan == "midlothian-2017-2020")
    result = CliRunner().invoke(main, ["compare", str(SEEDS["midlothian"]), str(ILLUSTRATIVE), "--format", "csv"])
    assert "access,illustrative-2023-2028,10," in result.output and "crosswalk: custody-support" in result.output


def test_diff_across_frameworks_says_which_outcome_changes_are_the_crosswalk() -> None:
    from cjgraph.model import Action, Plan, PlanInfo
    from cjgraph.queries import diff_plans

    def plan(framework: str, *outcomes: str) -> Plan:
        acts = tuple(Action(f"A{k}", o, f"Action {k}", ("Police Scotland",)) for k, o in enumerate(outcomes, 1))
        return Plan(info=PlanInfo(id=f"p-{framework}", framework=framework), actions=acts)

    changes = diff_plans(plan("opif-2016", "access", "life-chances"), plan("cjpf-2023", "accommodation", "bail"))
    assert [(c.ref, c.change, c.old, c.new) for c in changes] == [
        ("A1", "crosswalked", "access", "accommodation"),
        ("A2", "moved", "life-chances", "bail"),
    ]


def test_a_plan_organised_by_the_strategy_aims_asks_for_each_actions_outcome(tmp_path: Path) -> None:
    plan = tmp_path / "aims.txt"
    plan.write_text(
        "Illustrative Community Justice Outcomes Improvement Plan 2023 - 2028\n\n"
        "Aim 1: Optimise the use of diversion and intervention at the earliest opportunity\n\n"
        "Ref\tImprovement Action\tLead\tTimescale\n"
        "A1.1\tAgree a referral pathway for diversion from prosecution\tCriminal Justice Social Work\tJune 2024\n\n"
        "Nationally determined outcome 3\n\n"
        "More people are assessed for and successfully complete bail supervision\n\n"
        "Ref\tImprovement Action\tLead\tTimescale\n"
        "B3.1\tOffer a bail suitability assessment to everyone appearing from custody\tSacro\tDecember 2024\n",
        encoding="utf-8",
    )
    from cjgraph.loaders.extract import extract_plan

    result = extract_plan(plan, framework="cjpf-2023")
    assert [(a.ref, a.outcome) for a in result.plan.actions] == [("A1.1", ""), ("B3.1", "bail")]
    assert "under no recognised outcome" in result.plan.actions[0].review
    (note,) = [i for i in result.plan.issues if i.code == "aim-heading"]
    assert (
        note.subject == "aim-1" and note.suggestion == "set each action's outcome to one of diversion, custody-support"
    )
