"""Built data shipped with frontline (installed as ``frontline._data``); rebuilt by the scripts in ``data/build/``."""
