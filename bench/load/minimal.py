"""The yardstick for throughput: the smallest Flask page, served by the same gunicorn settings as the app."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
@app.get("/health")
def hello() -> str:
    return "<!doctype html><title>ok</title><p>ok</p>"
