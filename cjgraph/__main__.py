"""``python -m cjgraph`` runs the ``cjgraph`` command."""

from cjgraph.cli import main

if __name__ == "__main__":
    main()
