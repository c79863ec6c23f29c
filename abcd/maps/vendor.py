"""Leaflet and its marker-clustering plugin, served from the installed XStatic packages (no CDN).

Nothing third-party is committed: the files come from the wheels pinned in requirements.txt,
and their version is part of every URL, so browsers may cache them for a year.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path

import xstatic.pkg.leaflet as leaflet
import xstatic.pkg.leaflet_markercluster as markercluster


@dataclass(frozen=True)
class VendorPackage:
    slug: str  # appears in URLs, e.g. "leaflet-1.9.3"
    base_dir: Path


PACKAGES: dict[str, VendorPackage] = {
    package.slug: package
    for package in (
        VendorPackage(f"leaflet-{leaflet.VERSION}", Path(leaflet.BASE_DIR)),
        VendorPackage(f"markercluster-{markercluster.VERSION}", Path(markercluster.BASE_DIR)),
    )
}
LEAFLET = f"leaflet-{leaflet.VERSION}"
MARKERCLUSTER = f"markercluster-{markercluster.VERSION}"
SERVED_SUFFIXES = frozenset({".js", ".css", ".png"})

# (package slug, file) for each file a map page links; the views turn them into URLs.
LEAFLET_JS = (LEAFLET, "leaflet.js")
LEAFLET_CSS = (LEAFLET, "leaflet.css")
MARKERCLUSTER_JS = (MARKERCLUSTER, "leaflet.markercluster.js")
MARKERCLUSTER_CSS = (MARKERCLUSTER, "MarkerCluster.css")


def vendor_file(slug: str, filename: str) -> Path | None:
    """The installed file behind a vendor URL, or None for anything we do not serve."""
    package = PACKAGES.get(slug)
    if package is None or Path(filename).suffix not in SERVED_SUFFIXES:
        return None
    candidate = (package.base_dir / filename).resolve()
    if package.base_dir.resolve() not in candidate.parents or not candidate.is_file():
        return None
    return candidate


# Our own map scripts (static/js/maps): served beside Leaflet, compressed and cached for a year under a URL
# that carries a hash of them all, so a changed script is a new URL.
OWN_SCRIPTS = Path(__file__).resolve().parents[2] / "static" / "js" / "maps"


@functools.lru_cache(maxsize=1)
def own_scripts() -> tuple[str, dict[str, bytes]]:
    """(version, {name: script}) of static/js/maps, read once per process."""
    scripts = {path.stem: path.read_bytes() for path in sorted(OWN_SCRIPTS.glob("*.js"))}
    digest = hashlib.blake2b(digest_size=6)
    for name, body in scripts.items():
        digest.update(name.encode() + b"\0" + body)
    return digest.hexdigest(), scripts


@functools.lru_cache(maxsize=32)
def own_bundle(names: tuple[str, ...]) -> bytes | None:
    """Our scripts ``names``, in that order, as one file; None if any is not one of ours."""
    scripts = own_scripts()[1]
    if not names or len(set(names)) != len(names) or any(name not in scripts for name in names):
        return None
    return b"\n".join(scripts[name] for name in names)
