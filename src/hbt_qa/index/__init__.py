"""The store: every SQL statement, the schema and its migrations, the vector and BM25 legs, the
embedding model, and the pipeline that writes ingested articles into the store.

Takes ``Article`` records and passages; gives stored rows and ranked passage ids per leg.
Imports ``language/`` and ``ingest/``.
"""
