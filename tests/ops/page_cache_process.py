"""A second app process with the page cache on Redis: `python -m tests.ops.page_cache_process DATABASE_URL REDIS_URL`.

Serves the app on a free loopback port (printed on the first line of stdout), so a test can write through
its own process and read through this one.
"""

from __future__ import annotations

import logging
import sys

from werkzeug.serving import make_server

from abcd import create_app
from tests.conftest import test_config


def main() -> None:
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(name)s %(message)s")
    app = create_app(
        test_config(sys.argv[1], REDIS_URL=sys.argv[2], PAGE_CACHE=True, WTF_CSRF_ENABLED=True, GRAPH_WAKEUP=False)
    )
    server = make_server("127.0.0.1", 0, app, threaded=True)
    print(server.server_port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
