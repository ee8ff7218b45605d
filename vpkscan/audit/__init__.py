"""``vpkscan audit``: every occurrence of a key, in the tree and the history of one or
more repositories, grouped by key into incidents that a security team can act on.

- ``collect``: runs the one scan pipeline (tree, then history) on each repository;
- ``incidents``: groups findings into incidents and orders them by risk;
- ``checklist``: what to do about each incident, built from its facts;
- ``document``: incidents to JSON data and back (``--merge`` reads reports);
- ``merge``: joins per-repository reports into one incident list;
- ``render``: the text, JSON, Markdown and HTML reports.
"""
