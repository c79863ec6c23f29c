"""A second app process on the test database: `python -m tests.network.second_process DATABASE_URL`.

Serves the app on a free loopback port (printed on the first line of stdout) and logs what its live
graph does to stderr, so a test can change the database in its own process and read through this one.
"""

from __future__ import annotations

import logging
import sys

from werkzeug.serving import make_server

from abcd import create_app
from tests.conftest import test_config


def main() -> None:
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(name)s %(message)s")
    logging.getLogger("abcd.network.live").setLevel(logging.INFO)
    app = create_app(test_config(sys.argv[1]))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    print(server.server_port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
