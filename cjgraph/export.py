"""Write the graph for other tools: GraphML and GEXF (Gephi, networkx, yEd), node-link JSON,
or a folder of ``nodes.csv`` and ``edges.csv``. Files are written beside the target and moved
into place, so a failure leaves nothing half-written.

Examples
--------
>>> import tempfile, pathlib, networkx as nx
>>> from cjgraph.examples import example_path
>>> from cjgraph.loading import load
>>> G = load(example_path("midlothian-2017-2020"))
>>> path = pathlib.Path(tempfile.mkdtemp()) / "plan.graphml"
>>> export_graph(G, path, "graphml")
>>> H = nx.read_graphml(path)
>>> (H.number_of_nodes(), H.number_of_edges()) == (G.number_of_nodes(), G.number_of_edges())
True
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from cjgraph.atomic import atomic_dir, atomic_file, stamp_file, stamp_text
from cjgraph.cells import write_csv
from cjgraph.errors import UsageError

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["EXPORT_FORMATS", "export_graph"]

EXPORT_FORMATS = ("graphml", "gexf", "json", "csv", "neo4j-import", "cypher")


def export_graph(G: nx.MultiDiGraph, out: str | Path, fmt: str, *, force: bool = False) -> None:
    """Write ``G`` to ``out``: ``graphml``, ``gexf``, ``json`` or ``cypher`` (a file), ``csv`` or
    ``neo4j-import`` (a folder: new, empty or cjgraph's own, or with ``force`` any, see
    :func:`~cjgraph.atomic.atomic_dir`)."""
    out = Path(out)
    if fmt not in EXPORT_FORMATS:
        raise UsageError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}.")
    if fmt in ("neo4j-import", "cypher"):
        from cjgraph.cypher.rows import write_cypher, write_neo4j_import

        if fmt == "neo4j-import":
            write_neo4j_import(G, out, force=force)
        else:
            write_cypher(G, out, force=force)
        return
    import networkx as nx  # here, so that the CLI starts without it

    plain = nx.MultiDiGraph(G)  # the writers want a plain networkx class
    if fmt == "csv":
        with atomic_dir(out, kind="csv", force=force) as folder:
            _write_csv(plain, folder)
        return
    with atomic_file(out, kind=fmt, force=force) as tmp:
        if fmt == "json":  # the stamp is a key of its own on the second line, so the file stays JSON
            text = json.dumps(nx.node_link_data(plain, edges="edges"), sort_keys=True, indent=1, ensure_ascii=False)
            text = stamp_text(text, fmt, ' "{}",').replace(' "cjgraph-sha256: ', ' "cjgraph-sha256": "', 1)
            tmp.write_text(text, encoding="utf-8")
            return
        if fmt == "graphml":
            nx.write_graphml(plain, tmp)  # written as it goes (lxml), never whole in memory
        else:
            nx.write_gexf(plain, tmp)
        stamp_file(tmp, fmt)


def _write_csv(G: nx.MultiDiGraph, folder: Path) -> None:
    node_cols = sorted({k for _, d in G.nodes(data=True) for k in d} - {"kind", "name", "plan"})
    with (folder / "nodes.csv").open("w", newline="", encoding="utf-8") as fh:
        write_csv(
            fh,
            [
                ["id", "kind", "name", "plan", *node_cols],
                *(
                    [n, d.get("kind", ""), d.get("name", ""), d.get("plan", ""), *(d.get(c, "") for c in node_cols)]
                    for n, d in sorted(G.nodes(data=True))
                ),
            ],
        )
    edge_cols = sorted({k for _, _, d in G.edges(data=True) for k in d})
    edges = sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))
    with (folder / "edges.csv").open("w", newline="", encoding="utf-8") as fh:
        write_csv(
            fh,
            [
                ["source", "target", "type", *edge_cols],
                *([u, v, k, *(d.get(c, "") for c in edge_cols)] for u, v, k, d in edges),
            ],
        )
