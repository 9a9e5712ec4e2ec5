"""Pure text: NFC and tone marks, folding, segmentation, numbers, periods, places, the glossary.

Takes strings, gives strings, numbers, dates and offsets into the given string; no I/O and no
import from the other stages.
"""
