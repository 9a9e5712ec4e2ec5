"""Indicators, series and trends across records: the figures each sentence reports, grouped into
one series per indicator and place.

Takes the stored articles; gives ``Figure`` values and ``SeriesRow`` tables. Imports
``language/`` and ``index/``.
"""
