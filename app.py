"""Start the hbt_qa web app: `python app.py` (same as `hbt-qa serve`, and the same options)."""

from __future__ import annotations

import sys

from hbt_qa.cli import main

if __name__ == "__main__":
    sys.exit(main(["serve", *sys.argv[1:]]))
