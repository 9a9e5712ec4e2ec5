"""hbt_qa: cited question answering and search over Vietnamese meeting records."""

__version__ = "0.1.0"
