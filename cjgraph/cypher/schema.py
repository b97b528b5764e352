"""What a graph holds, as an analyst asks an engine (``cjgraph schema``): its labels and
relationship types with counts, the labels each type joins, and the properties of each with the
number of nodes or relationships that have them. Both engines answer with the same records.

>>> schema = Schema({"Partner": 3}, {"Partner": {"id": 3, "name": 3, "plan": 2}}, {"LEADS": 3},
...                 {"LEADS": {"share": 3}}, {"LEADS": {("Partner", "Action"): 3}})
>>> for row in schema.records():
...     print(row.name, row.property, row.missing, repr(row.identifies))
Partner id 0 'unique'
Partner name 0 'unique with plan'
Partner plan 1 'unique with name'
LEADS share 0 ''
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cjgraph.contract import KEYS, PROPERTIES, RELATIONSHIPS

__all__ = ["Schema", "SchemaRow"]


@dataclass(frozen=True)
class SchemaRow:
    """A property of a label or relationship type (a row each): how many nodes or relationships
    the label or type has, how many of them have the property and how many lack it (null), what
    it tells nodes apart with, and the labels a type joins."""

    kind: str  # "label" or "relationship"
    name: str
    count: int
    property: str  # "" for a type without properties
    having: int
    missing: int  # how many lack it: null there (``WHERE x.property IS NULL`` finds them)
    identifies: str  # "unique", "unique with plan" (the properties it tells nodes apart with), or ""
    joins: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Schema:
    """Counts of labels and relationship types, and of their properties, read from an engine."""

    labels: dict[str, int]
    label_properties: dict[str, dict[str, int]]
    types: dict[str, int]
    type_properties: dict[str, dict[str, int]]
    joins: dict[str, dict[tuple[str, str], int]] = field(default_factory=dict)

    def records(self) -> list[SchemaRow]:
        """Labels, then relationship types, each by name, a row per property."""
        rows = []
        for kind, counts, properties in (
            ("label", self.labels, self.label_properties),
            ("relationship", self.types, self.type_properties),
        ):
            for name, count in sorted(counts.items()):
                joins = tuple((f"{a} -> {b}", n) for (a, b), n in sorted(self.joins.get(name, {}).items()))
                props = sorted(properties.get(name, {}).items()) or [("", 0)]
                rows += [
                    SchemaRow(
                        kind, name, count, prop, having, count - having if prop else 0, _identifies(name, prop), joins
                    )
                    for prop, having in props
                ]
        return rows

    def names(self) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
        """Every label and type a query may name, with their properties: those the graph has,
        and cjgraph's own (a label no node has yet, like PriorityAction in 2016 plans, is still
        a fair question with an empty answer)."""
        labels = {k: set(self.label_properties.get(k, {})) for k in {*self.labels, *PROPERTIES}}
        for label, props in PROPERTIES.items():
            labels[label] |= {"id", *props}
        types = {k: set(self.type_properties.get(k, {})) for k in {*self.types, *RELATIONSHIPS}}
        return labels, types


def _identifies(label: str, prop: str) -> str:
    """How a property tells the nodes of a label apart: ``id`` alone; the others of
    :data:`~cjgraph.contract.KEYS` together."""
    if prop == "id" and label in PROPERTIES:
        return "unique"
    key = KEYS.get(label, ())
    if prop not in key:
        return ""
    others = [k for k in key if k != prop]
    return "unique" + (f" with {' and '.join(others)}" if others else "")
