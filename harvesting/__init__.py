"""Harvesting: fetching third-party data safely and turning it into text and items.

Model-free, with no Django import and no import of any other part of Waymark; what a
deployment decides (the allow-list, the User-Agent, the certificate authorities, the limits,
the rule that picks passages) is passed in by the caller. Used by `monitors` (sources, scans),
`alerts` (webhook posts) and `evidence` (uploaded documents):

- `fetch`: the hardened HTTP client (`fetch`, `post`);
- `parsers`: one parser per kind of source, each giving `ParsedItem`s;
- `documents` and `doctext`: the text of PDF, Word, Excel, HTML, plain-text and CSV documents,
  the binary ones read in a capped child process, and the passages a finder picks out;
- `text`: decoding third-party bytes, HTML to plain text, safe links;
- `dates`: dates as UK sources write them.
"""
