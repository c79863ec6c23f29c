"""One fresh process answering its first network request: `python -m bench.fresh_process DB SNAPSHOTS EMAIL`.

Prints one JSON line: seconds to import and create the app, seconds to the first graph answer (loading
the snapshot, or building when SNAPSHOTS is "-", then applying the feed since), and the process's
memory (RSS now and at its peak) once it has answered.
"""

from __future__ import annotations

import json
import sys
import time

started = time.perf_counter()


def _memory_mb() -> dict[str, float]:
    values: dict[str, float] = {}
    with open("/proc/self/status") as status:
        for line in status:
            name, _, rest = line.partition(":")
            if name in {"VmRSS", "VmHWM"}:
                values[name] = int(rest.split()[0]) / 1024
    return values


def main() -> None:
    database, snapshots, email = sys.argv[1:4]
    from abcd import create_app
    from abcd.network import live

    app = create_app({
        "TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
        "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False, "TILE_URL": "", "GEODATA_DIR": "",
        "GRAPH_SNAPSHOTS": snapshots != "-", "GRAPH_SNAPSHOT_DIR": snapshots, "JOBS_BACKEND": "off",
    })  # fmt: skip
    client = app.test_client()
    assert client.post("/auth/login", data={"email": email, "password": sys.argv[4]}).status_code == 302
    ready = time.perf_counter()
    response = client.get("/network/graph.json?focus=asset:1&radius=1")
    assert response.status_code == 200, response.status_code
    answered = time.perf_counter()
    print(json.dumps({
        "app_seconds": ready - started, "first_answer_seconds": answered - ready,
        "events": live.events(app), **_memory_mb(),
    }))  # fmt: skip


if __name__ == "__main__":
    main()
