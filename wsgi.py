"""WSGI entry point: `gunicorn wsgi:app`."""

from abcd import create_app

app = create_app()
