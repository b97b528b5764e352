"""Documents → plan model: text, DOCX and PDF readers, table and row recognition,
partner-name resolution, timescale parsing and needs proposal.

The entry point is :func:`cjgraph.loaders.extract.extract_plan`.
"""
