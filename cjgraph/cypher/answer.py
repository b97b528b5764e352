"""A Cypher answer as both engines give it: columns, rows, and graph values (nodes,
relationships, paths) as plain objects that print readably and turn into JSON objects.

A node prints as its label and its caption (the first of ``name``, ``title``, ``ref``, ``key``,
``id`` it has, with its ``plan`` when it belongs to one), as Neo4j Browser captions it; the JSON
form carries every property. A relationship prints as ``[:TYPE {properties}]``, a path as its
nodes joined by its relationships in the direction each points.

Examples
--------
>>> police = Node(("Partner",), {"id": "partner:police-scotland", "name": "Police Scotland", "plan": ""})
>>> a1 = Node(("Action",), {"id": "action:fife:A1", "name": "A1", "plan": "fife"})
>>> leads = Relationship("LEADS", "partner:police-scotland", "action:fife:A1", {"share": 0.5})
>>> print(police)
(:Partner {name: 'Police Scotland'})
>>> print(Path((police, a1), (leads,)))
(:Partner {name: 'Police Scotland'})-[:LEADS {share: 0.5}]->(:Action {name: 'A1', plan: 'fife'})
>>> leads.as_json()
{'type': 'LEADS', 'start': 'partner:police-scotland', 'end': 'action:fife:A1', 'properties': {'share': 0.5}}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Answer", "Node", "Relationship", "Path", "literal"]

_CAPTION = ("name", "title", "ref", "key", "id")


def literal(value: Any) -> str:
    """A value as Cypher would write it (strings quoted), for captions and maps."""
    if isinstance(value, str):
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {literal(v)}" for k, v in value.items()) + "}"
    return str(value)


@dataclass(frozen=True)
class Node:
    """A node: its labels and properties."""

    labels: tuple[str, ...]
    properties: dict[str, Any] = field(hash=False)

    @property
    def id(self) -> str | None:
        """cjgraph's id of the node, when it has one."""
        value = self.properties.get("id")
        return value if isinstance(value, str) else None

    def caption(self) -> dict[str, Any]:
        """The properties a reader knows the node by."""
        props = self.properties
        name = next((k for k in _CAPTION if props.get(k) not in (None, "")), None)
        shown = {name: props[name]} if name else {}
        if props.get("plan") and name != "id":
            shown["plan"] = props["plan"]
        return shown

    def __str__(self) -> str:
        labels = "".join(f":{label}" for label in self.labels)
        caption = self.caption()
        return f"({labels} {literal(caption)})" if caption else f"({labels})"

    def as_json(self) -> dict[str, Any]:
        return {"labels": list(self.labels), "properties": self.properties}


@dataclass(frozen=True)
class Relationship:
    """A relationship: its type, the cjgraph ids of its ends (``None`` where unknown), properties."""

    type: str
    start: str | None
    end: str | None
    properties: dict[str, Any] = field(hash=False)

    def __str__(self) -> str:
        props = f" {literal(self.properties)}" if self.properties else ""
        return f"[:{self.type}{props}]"

    def as_json(self) -> dict[str, Any]:
        return {"type": self.type, "start": self.start, "end": self.end, "properties": self.properties}


@dataclass(frozen=True)
class Path:
    """A path: its nodes, and the relationships between consecutive nodes."""

    nodes: tuple[Node, ...]
    relationships: tuple[Relationship, ...]

    def __str__(self) -> str:
        out = [str(self.nodes[0])] if self.nodes else []
        for node, rel in zip(self.nodes[1:], self.relationships, strict=False):
            backwards = rel.end is not None and rel.end != node.id
            out.append(f"<-{rel}-{node}" if backwards else f"-{rel}->{node}")
        return "".join(out)

    def as_json(self) -> dict[str, Any]:
        return {
            "nodes": [n.as_json() for n in self.nodes],
            "relationships": [r.as_json() for r in self.relationships],
        }


@dataclass(frozen=True)
class Answer:
    """The columns and rows a query returned."""

    columns: list[str]
    rows: list[list[Any]]
