"""``python -m frontline.cli``: the command line, as ``frontline`` and ``python -m frontline``."""

import sys

from frontline.cli import main

if __name__ == "__main__":
    sys.exit(main())
