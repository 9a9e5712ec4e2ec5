"""``python -m hbt_qa``: the ``hbt-qa`` command."""

import sys

from .cli import main

sys.exit(main())
