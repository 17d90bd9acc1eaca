"""The gazetteer: Ukraine's settlements, by any of their names (see :mod:`.lookup`)."""

from frontline.gazetteer.lookup import *  # noqa: F401,F403
