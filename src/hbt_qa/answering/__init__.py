"""Questions into cited answers: query understanding and constraints, retrieval and fusion, the
extractive answer.

Takes a question (and the conversation so far); gives ranked ``Hit`` passages and an ``Answer``
with citations. Imports ``language/``, ``index/`` and ``figures/``.
"""
