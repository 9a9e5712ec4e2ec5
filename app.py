"""Start the hbt_qa web app: `python app.py` (same as `hbt-qa serve`)."""

from __future__ import annotations

import sys

from hbt_qa.config import Settings
from hbt_qa.errors import HbtQaError
from hbt_qa.web.app import serve


def main() -> int:
    """Serve the app on HBT_QA_HOST:HBT_QA_PORT (default 127.0.0.1:7860)."""
    try:
        serve(Settings.from_env(), say=lambda m: print(m, file=sys.stderr, flush=True))
    except HbtQaError as exc:
        print(f"hbt_qa: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
