"""`flask abcd geography fetch`: download the official geography (ONS ward and district boundaries from
ArcGIS REST query endpoints, the ONS Postcode Directory), check it, convert it and load it.

The URLs are settings (ABCD_GEOGRAPHY_WARDS_URL, _LADS_URL, _POSTCODES_URL) or options. A boundary query
that says it left features out (``exceededTransferLimit``) is asked again from where it stopped. When a
SHA-256 is given for a file it must match, or nothing is loaded.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import requests

from abcd.areas.loader import GeographyError

TIMEOUT = (10, 120)  # connect, read
CHUNK = 1 << 20
MAX_PAGES = 200


@dataclass(frozen=True)
class Download:
    path: Path
    sha256: str
    size: int


def _with_query(url: str, **params: str | int) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    query.update({key: str(value) for key, value in params.items()})
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), parts.fragment))


def _get(session: requests.Session, url: str) -> requests.Response:
    try:
        response = session.get(url, timeout=TIMEOUT, stream=True)
    except requests.RequestException as error:
        raise GeographyError(f"Could not download {url}: {error.__class__.__name__}") from error
    if response.status_code != 200:
        raise GeographyError(f"Could not download {url}: the server answered {response.status_code}")
    return response


def download_file(session: requests.Session, url: str, target: Path) -> Download:
    """Stream ``url`` to ``target``, hashing as it goes."""
    digest, size = hashlib.sha256(), 0
    response = _get(session, url)
    with response, target.open("wb") as handle:
        for chunk in response.iter_content(CHUNK):
            handle.write(chunk)
            digest.update(chunk)
            size += len(chunk)
    return Download(target, digest.hexdigest(), size)


def _limit_exceeded(data: dict[str, Any]) -> bool:
    properties = data.get("properties")
    in_properties = isinstance(properties, dict) and properties.get("exceededTransferLimit")
    return bool(data.get("exceededTransferLimit") or in_properties)


def download_features(session: requests.Session, url: str, target: Path) -> Download:
    """An ArcGIS REST query answered as GeoJSON, every page of it, written as one FeatureCollection.
    The checksum is of the first page as served (what a publisher's checksum would describe)."""
    first = download_file(session, url, target.with_suffix(".page0"))
    try:
        data = json.loads(first.path.read_text(encoding="utf-8"))
    except ValueError as error:
        raise GeographyError(f"{url}: not JSON ({error})") from error
    if isinstance(data, dict) and "error" in data:
        raise GeographyError(f"{url}: the service answered an error: {str(data['error'])[:200]}")
    features = list(data.get("features") or []) if isinstance(data, dict) else []
    pages = 1
    while isinstance(data, dict) and _limit_exceeded(data) and data.get("features"):
        if pages >= MAX_PAGES:
            raise GeographyError(f"{url}: more than {MAX_PAGES} pages")
        response = _get(session, _with_query(url, resultOffset=len(features)))
        with response:
            try:
                data = response.json()
            except ValueError as error:
                raise GeographyError(f"{url}: page {pages + 1} is not JSON") from error
        features.extend(data.get("features") or [])
        pages += 1
    target.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    first.path.unlink(missing_ok=True)
    return Download(target, first.sha256, first.size)


def check_sha256(name: str, download: Download, expected: str | None) -> None:
    if expected and download.sha256.lower() != expected.strip().lower():
        raise GeographyError(
            f"The {name} file's SHA-256 is {download.sha256}, not the expected {expected.strip()}: nothing was loaded."
        )


def fetch_all(urls: dict[str, str], folder: Path, checksums: dict[str, str]) -> dict[str, Download]:
    """Download the three files into ``folder``: lads and wards (GeoJSON queries), postcodes (CSV or zip)."""
    missing = [name for name in ("lads", "wards", "postcodes") if not urls.get(name)]
    if missing:
        raise GeographyError(
            "No URL for " + ", ".join(missing) + ": set ABCD_GEOGRAPHY_" + "_URL, ABCD_GEOGRAPHY_".join(
                name.upper() for name in missing) + "_URL (or the command's options)."
        )  # fmt: skip
    folder.mkdir(parents=True, exist_ok=True)
    found: dict[str, Download] = {}
    with requests.Session() as session:
        session.headers["User-Agent"] = "abcd-community-strengths (geography fetch)"
        found["lads"] = download_features(session, urls["lads"], folder / "lads.geojson")
        found["wards"] = download_features(session, urls["wards"], folder / "wards.geojson")
        found["postcodes"] = download_file(session, urls["postcodes"], folder / "onspd.download")
    for name, download in found.items():
        check_sha256(name, download, checksums.get(name))
    return found
