"""``python -m frontline``: the command line (see :mod:`frontline.cli`)."""

import sys

from frontline.cli import main

if __name__ == "__main__":
    sys.exit(main())
