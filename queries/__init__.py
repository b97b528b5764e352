"""The questions asked of the plan graph (lead-load, gaps, chains, impact, timeline ...).

They arrive with the graph; see the project's issues.
"""
