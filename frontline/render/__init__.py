"""Rendering: Folium day maps, the history slider, offline HTML and static matplotlib maps."""
