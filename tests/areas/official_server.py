"""A local stand-in for the official publishers: ArcGIS REST query endpoints answering GeoJSON a page at a
time (with exceededTransferLimit), and the ONS Postcode Directory as a zip, all built from ../shared/data."""

from __future__ import annotations

import csv
import io
import json
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

PAGE = 25  # the services' maxRecordCount, small so that paging is exercised
ONSPD_COLUMNS = ["pcd", "pcd2", "pcds", "dointr", "doterm", "oscty", "oslaua", "osward", "usertype", "oseast1m",
                 "osnrth1m", "osgrdind", "ctry", "lat", "long"]  # fmt: skip


def official_lads(data: Path) -> list[dict[str, Any]]:
    source = json.loads((data / "boundaries/local_authorities_2023_bsc.geojson").read_text())["features"]
    features = [
        {"type": "Feature", "geometry": f["geometry"], "properties": {
            "FID": n, "LAD23CD": f["properties"]["lad_code"], "LAD23NM": f["properties"]["lad_name"],
            "LAD23NMW": f["properties"]["lad_name_cy"], "BNG_E": 0, "BNG_N": 0, "GlobalID": f"g{n}"}}
        for n, f in enumerate(source, start=1)
    ]  # fmt: skip
    caerphilly = {**features[0], "properties": {**features[0]["properties"], "LAD23CD": "W06000018",
                                                "LAD23NM": "Caerphilly", "LAD23NMW": "Caerffili"}}  # fmt: skip
    return [*features, caerphilly]


def official_wards(data: Path) -> list[dict[str, Any]]:
    source = json.loads((data / "boundaries/wards_2023_bsc.geojson").read_text())["features"]
    features = [
        {"type": "Feature", "geometry": f["geometry"], "properties": {
            "FID": n, "WD23CD": f["properties"]["ward_code"], "WD23NM": f["properties"]["ward_name"],
            "WD23NMW": f["properties"]["ward_name_cy"], "LAT": f["properties"]["ons_centroid_lat"],
            "LONG": f["properties"]["ons_centroid_lon"], "GlobalID": f"w{n}"}}
        for n, f in enumerate(source, start=1)
    ]  # fmt: skip
    elsewhere = {**features[0], "properties": {**features[0]["properties"], "WD23CD": "W05000950", "WD23NM": "Bargoed"}}
    return [*features, elsewhere]


def official_postcodes(data: Path) -> bytes:
    """The ONSPD as published: a zip with the UK-wide CSV under Data/ (here only our postcodes and a few more)."""
    text = io.StringIO()
    writer = csv.DictWriter(text, ONSPD_COLUMNS, extrasaction="ignore")
    writer.writeheader()

    def row(postcode: str, lad: str, ward: str, lat: str, lon: str, doterm: str = "") -> dict[str, str]:
        return {
            "pcd": postcode.replace(" ", ""), "pcds": postcode, "dointr": "198001", "doterm": doterm,
            "oslaua": lad, "osward": ward, "osgrdind": "1", "ctry": "W92000004", "lat": lat, "long": lon,
        }  # fmt: skip

    with (data / "postcodes/postcodes_cardiff_newport_vale.csv").open() as handle:
        for r in csv.DictReader(handle):
            writer.writerow(row(r["postcode"], r["lad_code"], r["ward_code"], r["lat"], r["lon"]))
    with (data / "postcodes/postcodes_cf_np_outside_area.csv").open() as handle:
        for r in csv.DictReader(handle):
            writer.writerow(row(r["postcode"], r["lad_code"] or "E06000061", "W05000950", r["lat"], r["lon"]))
    writer.writerow(row("CF10 9ZZ", "W06000015", "W05001274", "51.47", "-3.17", doterm="202001"))  # terminated
    writer.writerow(row("CF10 9ZY", "W06000015", "W05001274", "99.999999", "0.000000"))  # no grid reference
    writer.writerow(row("BS1 1AA", "E06000023", "E05010892", "51.45", "-2.59"))  # England: left out
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Documents/ONSPD User Guide.txt", "user guide")
        archive.writestr("Data/multi_csv/ONSPD_NOV_2024_UK_CF.csv", "pcds\n")
        archive.writestr("Data/ONSPD_NOV_2024_UK.csv", text.getvalue())
    return out.getvalue()


@dataclass
class Publisher:
    base: str
    layers: dict[str, list[dict[str, Any]]]
    files: dict[str, bytes]
    asked: list[str] = field(default_factory=list)


@contextmanager
def publisher(data: Path) -> Iterator[Publisher]:
    published = Publisher("", {"lads": official_lads(data), "wards": official_wards(data)},
                          {"/onspd/ONSPD_NOV_2024.zip": official_postcodes(data)})  # fmt: skip

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            published.asked.append(self.path)
            layer = parts.path.split("/")[2] if parts.path.startswith("/services/") else ""
            if parts.path.endswith("/FeatureServer/0/query") and layer in published.layers:
                query = parse_qs(parts.query)
                if query.get("f") != ["geojson"]:
                    return self._send(200, b'{"error": {"code": 400, "message": "Invalid format"}}')  # as ArcGIS does
                offset = int(query.get("resultOffset", ["0"])[0])
                features = published.layers[layer][offset : offset + PAGE]
                body: dict[str, Any] = {"type": "FeatureCollection", "features": features}
                if offset + PAGE < len(published.layers[layer]):
                    body["properties"] = {"exceededTransferLimit": True}
                return self._send(200, json.dumps(body).encode())
            if parts.path in published.files:
                return self._send(200, published.files[parts.path], "application/zip")
            return self._send(404, b"not found")

        def _send(self, status: int, body: bytes, kind: str = "application/geo+json") -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    published.base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield published
    finally:
        server.shutdown()
        server.server_close()


def urls(published: Publisher) -> list[str]:
    return [
        "--lads-url", f"{published.base}/services/lads/FeatureServer/0/query?where=1%3D1&outFields=*&f=geojson",
        "--wards-url", f"{published.base}/services/wards/FeatureServer/0/query?where=1%3D1&outFields=*&f=geojson",
        "--postcodes-url", f"{published.base}/onspd/ONSPD_NOV_2024.zip",
    ]  # fmt: skip
