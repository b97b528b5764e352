"""Interactive maps, charts and the board pack.

They arrive with the graph; see the project's issues.
"""
