"""``python -m belarus_repression``: the same as the ``belarus-repression`` command."""

import sys

from .cli import main

sys.exit(main())
