"""Harvesting: fetching third-party data safely and turning it into text and items.

Model-free and used by `monitors` (sources, scans) and `evidence` (uploaded documents): the
hardened HTTP client (`fetch`), the parsers for each kind of source (`parsers`), and the text of
PDF, Word and Excel documents read in a capped child process (`doctext`).
"""
