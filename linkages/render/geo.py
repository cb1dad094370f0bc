"""Where organisations are: the map projection and the territory drawn under a map.

The projection is equirectangular with the longitudes scaled by the cosine of a reference
latitude (the mean latitude of the organisations drawn), centred on their mean position::

    x = scale * R * radians(lon - lon0) * cos(radians(lat0))
    y = -scale * R * radians(lat - lat0)          (screen y grows downwards)

with ``R`` = 6,371 km, so ``scale`` is pixels per kilometre. Over a region or a country
(a few hundred kilometres) distances are true to within a few per cent in every direction;
it is not meant for a continent (use Web Mercator or an equal-area projection there). The
scale makes the organisations span as many pixels as the network layout of the same page,
so both layouts read at the same zoom.

The territory is GeoJSON (a FeatureCollection, a Feature or a bare geometry) of Polygon or
MultiPolygon geometries, longitude-latitude (WGS84, as NUTS regions from Eurostat's GISCO
are), read from a file or given as a dict; it is projected here and drawn by the page
itself on the canvas under the network: no tiles, no requests.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from linkages._validation import InputError

__all__ = ["EARTH_RADIUS_KM", "NAME_KEYS", "Projection", "Territory", "read_coordinates",
           "read_territory", "side_positions"]

EARTH_RADIUS_KM = 6371.0
#: Feature properties that name a region, the first one present is drawn at its centre.
NAME_KEYS = ("name", "NAME", "NUTS_NAME", "NAME_LATN", "nuts_name", "label")


@dataclass(frozen=True)
class Projection:
    """Equirectangular projection around (``lat0``, ``lon0``), ``scale`` pixels per km."""

    lat0: float
    lon0: float
    scale: float

    @classmethod
    def fit(cls, lat: np.ndarray, lon: np.ndarray, *, width: float) -> Projection:
        """Centred on the mean position, the points' larger extent ``width`` pixels wide."""
        lat0, lon0 = float(np.mean(lat)), float(np.mean(lon))
        km = cls(lat0, lon0, 1.0).project(lat, lon)
        extent = float(np.ptp(km, axis=0).max()) if len(km) else 0.0
        return cls(lat0, lon0, width / extent if extent > 0 else 1.0)

    def project(self, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
        """Pixel positions (n x 2) of latitudes and longitudes in degrees."""
        lat, lon = np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)
        k = self.scale * EARTH_RADIUS_KM * math.pi / 180.0
        x = k * (lon - self.lon0) * math.cos(math.radians(self.lat0))
        y = -k * (lat - self.lat0)
        return np.column_stack([x, y])

    def to_dict(self) -> dict[str, Any]:
        """What the page records of the projection (its data's ``geo``)."""
        return {"projection": "equirectangular", "lat0": self.lat0, "lon0": self.lon0,
                "scale": self.scale, "radius_km": EARTH_RADIUS_KM}


@dataclass(frozen=True)
class Territory:
    """Polygon rings (arrays of longitude, latitude) and region names with a point each."""

    rings: list[np.ndarray]
    names: list[tuple[str, float, float]]     # (name, lon, lat) of the largest ring's centre

    def projected(self, projection: Projection) -> dict[str, Any]:
        """The page's data: rings as flat [x0, y0, x1, y1, ...] pixel lists, and names."""
        rings = [projection.project(r[:, 1], r[:, 0]).round(1).ravel().tolist()
                 for r in self.rings]
        names = [[name, *projection.project(np.array([lat]), np.array([lon]))[0].round(1)
                  .tolist()] for name, lon, lat in self.names]
        return {"rings": rings, "names": names}


def read_coordinates(organisations: pd.DataFrame, columns: tuple[str, str], *,
                     caller: str) -> tuple[np.ndarray, np.ndarray] | None:
    """Latitude and longitude of each organisation (NaN: unknown), or None without them.

    None when either column is missing or no organisation has both values; an error when
    a value is not a number or out of range (latitudes within +-90, longitudes +-180).
    """
    if (not isinstance(columns, tuple | list) or len(columns) != 2
            or not all(isinstance(c, str) for c in columns)):
        raise InputError(f"The 'coordinates' argument of {caller} must be a pair of column "
                         f"names (latitude, longitude). Got {columns!r} instead.")
    lat_col, lon_col = columns
    if lat_col not in organisations.columns or lon_col not in organisations.columns:
        return None
    values = []
    for column, limit in ((lat_col, 90.0), (lon_col, 180.0)):
        raw = organisations[column]
        number = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float)
        bad = np.isnan(number) & raw.notna().to_numpy()
        if bad.any():
            raise InputError(f"The organisations' {column!r} column must hold numbers "
                             f"(degrees) for {caller}'s geographic layout. Got "
                             f"{raw[bad].iloc[0]!r} for {raw.index[bad][0]!r}.")
        out = np.abs(number) > limit
        if out.any():
            raise InputError(f"The organisations' {column!r} column must be within "
                             f"+-{limit:g} degrees. Got {number[out][0]!r} for "
                             f"{raw.index[out][0]!r} (are latitude and longitude swapped?).")
        values.append(number)
    lat, lon = values
    if not (np.isfinite(lat) & np.isfinite(lon)).any():
        return None
    return lat, lon


def side_positions(count: int, xy: np.ndarray, *, spacing: float = 30.0) -> np.ndarray:
    """``count`` places in a grid to the right of the points ``xy`` (off the map)."""
    if count == 0:
        return np.zeros((0, 2))
    if len(xy):
        left, top = xy[:, 0].max() + 4 * spacing, xy[:, 1].min()
        height = max(float(np.ptp(xy[:, 1])), spacing)
    else:
        left, top, height = 0.0, 0.0, spacing * math.sqrt(count)
    rows = max(1, min(count, int(height // spacing) + 1))
    i = np.arange(count)
    return np.column_stack([left + spacing * (i // rows), top + spacing * (i % rows)])


def read_territory(territory: str | PathLike | Mapping[str, Any], *,
                   caller: str) -> Territory:
    """Polygon rings and region names from a GeoJSON file or dict."""
    if isinstance(territory, str | PathLike):
        path = Path(territory)
        if not path.is_file():
            raise InputError(f"The 'territory' argument of {caller} must be a GeoJSON file "
                             f"or dict. Got {str(path)!r}, which is not a file.")
        try:
            territory = json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as error:
            raise InputError(f"The 'territory' file {str(path)!r} of {caller} is not JSON: "
                             f"{error}.") from None
    if not isinstance(territory, Mapping):
        raise InputError(f"The 'territory' argument of {caller} must be a GeoJSON file or "
                         f"dict. Got {type(territory).__name__} instead.")
    rings: list[np.ndarray] = []
    names: list[tuple[str, float, float]] = []
    for properties, geometry in _geometries(territory, caller=caller):
        polygons = _polygons(geometry, caller=caller)
        found = [_ring(r, caller=caller) for polygon in polygons for r in polygon]
        found = [r for r in found if len(r) >= 3]
        rings += found
        name = next((properties[k] for k in NAME_KEYS
                     if isinstance(properties, Mapping) and properties.get(k) is not None),
                    None)
        if name is not None and found:
            largest = max(found, key=lambda r: np.ptp(r, axis=0).prod())
            lon, lat = (largest.min(axis=0) + largest.max(axis=0)) / 2
            names.append((str(name), float(lon), float(lat)))
    if not rings:
        raise InputError(f"The 'territory' argument of {caller} has no Polygon or "
                         "MultiPolygon to draw.")
    return Territory(rings, names)


def _geometries(obj: Mapping[str, Any], *, caller: str) -> list[tuple[Any, Any]]:
    """(properties, geometry) of every feature, or of a bare geometry."""
    kind = obj.get("type")
    if kind == "FeatureCollection":
        features = obj.get("features")
        if not isinstance(features, list):
            raise InputError(f"The 'territory' FeatureCollection of {caller} has no "
                             "'features' list.")
        return [pair for f in features for pair in _geometries(f, caller=caller)]
    if kind == "Feature":
        geometry = obj.get("geometry")
        return [] if geometry is None else [(obj.get("properties") or {}, geometry)]
    return [({}, obj)]


def _polygons(geometry: Any, *, caller: str) -> list[Any]:
    kind = geometry.get("type") if isinstance(geometry, Mapping) else None
    if kind == "Polygon":
        return [geometry.get("coordinates") or []]
    if kind == "MultiPolygon":
        return list(geometry.get("coordinates") or [])
    if kind == "GeometryCollection":
        return [p for g in geometry.get("geometries") or [] for p in _polygons(g, caller=caller)]
    raise InputError(f"The 'territory' argument of {caller} must hold Polygon or MultiPolygon "
                     f"geometries (GeoJSON). Got {kind!r}.")


def _ring(coordinates: Any, *, caller: str) -> np.ndarray:
    try:
        ring = np.asarray([point[:2] for point in coordinates], dtype=float).reshape(-1, 2)
    except (TypeError, ValueError):
        raise InputError(f"The 'territory' argument of {caller} has a ring that is not a list "
                         "of [longitude, latitude] positions.") from None
    if not np.isfinite(ring).all() or (np.abs(ring) > [180.0, 90.0]).any():
        raise InputError(f"The 'territory' argument of {caller} has positions outside "
                         "longitude +-180 and latitude +-90: GeoJSON must be WGS84 degrees "
                         "(reproject it, e.g. NUTS 'EPSG:4326' files).")
    return ring
