"""Files and pages into article records: formats, legacy encodings, fetching, record metadata,
duplicates.

Takes paths, bytes and URLs; gives ``Article`` records with their body paragraphs as offsets.
Imports ``language/`` only.
"""
