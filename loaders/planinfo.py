"""A plan's own details from its first pages: its partnership, period, title and id."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from cjgraph.framework import load_registry
from cjgraph.loaders.blocks import Block
from cjgraph.loaders.text import clean
from cjgraph.model import PlanInfo

__all__ = ["plan_info"]


# names Windows keeps for devices: a plan id is a file name in a folder of plans
_WINDOWS_RESERVED = re.compile(r"con|prn|aux|nul|com[0-9]|lpt[0-9]")


def plan_info(blocks: list[Block], path: Path, framework: str) -> PlanInfo:
    head = [clean(b.text) for b in blocks[:120] if b.kind != "blank"]
    joined = "\n".join(head)
    areas: Counter[str] = Counter()
    for body in load_registry():
        if body.type == "council":
            for area in body.areas:
                n = len(re.findall(rf"\b{re.escape(area)}\b", joined, re.I))
                if n:
                    areas[area] += n
    # a longer area name ("North Lanarkshire") beats the shorter one it contains ("Lanarkshire")
    area = ""
    if areas:
        area = max(areas, key=lambda a: (areas[a], len(a)))
        for a in areas:
            if a != area and area.lower() in a.lower() and areas[a] >= areas[area] * 0.5:
                area = a
    m = re.search(r"\b(20\d\d)\s*[-–/]\s*(20\d\d|\d\d)\b", joined)
    start, end = ("", "")
    if m:
        y1, y2 = int(m.group(1)), int(m.group(2))
        y2 = y2 + 2000 if y2 < 100 else y2
        start, end = f"{y1}-04-01", f"{y2}-03-31"
    title = next((t for t in head if "plan" in t.lower() and len(t) < 200), head[0] if head else path.stem)
    slug = re.sub(r"[^a-z0-9]+", "-", area.lower()).strip("-") or re.sub(r"[^a-z0-9]+", "-", path.stem.lower())
    slug = slug.strip("-") or "plan"
    plan_id = f"{slug}-{start[:4]}-{end[:4]}" if start else slug
    if _WINDOWS_RESERVED.fullmatch(plan_id):  # con.xlsx cannot be opened on Windows
        plan_id = f"{plan_id}-plan"
    return PlanInfo(
        id=plan_id,
        partnership=area,
        title=title,
        period_start=start,
        period_end=end,
        framework=framework,
        source=path.name,
    )
