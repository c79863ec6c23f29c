"""WSGI entry point: `gunicorn -c gunicorn.conf.py wsgi:app` (see gunicorn.conf.py)."""

import os

from abcd import create_app

app = create_app()

if os.environ.get("ABCD_WARM_GRAPH") == "1":
    # Under a preloading server this runs once, before the workers are forked: they share the graph.
    from abcd.network import live

    live.warm_or_explain(app)
