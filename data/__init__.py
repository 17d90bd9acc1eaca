"""Built data shipped with frontline (installed as ``frontline._data``).

Rebuilt by the scripts in ``data/build/``.
"""
