"""Fixtures for the job runners: a real Redis, and apps whose jobs run on RQ or in a thread."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from redis import Redis

from abcd.jobs import runner as jobs
from abcd.jobs.redis_runner import RedisRunner
from tests import redisserver
from tests.conftest import require


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    binary = shutil.which("redis-server")
    if binary is None:
        require(False, "redis-server is not installed (apt-get install redis-server)")
        raise AssertionError  # unreachable: require skipped or failed
    process, url = redisserver.start(tmp_path_factory.mktemp("redis"), binary)
    yield url
    redisserver.stop(process)


@pytest.fixture
def redis_url(redis_server: str) -> str:
    """The test Redis, empty at the start of each test."""
    with Redis.from_url(redis_server) as connection:
        connection.flushall()
    return redis_server


@pytest.fixture
def rq_app(make_app: Callable[..., Flask], redis_url: str) -> Iterator[Flask]:
    app = make_app(JOBS_BACKEND="rq", REDIS_URL=redis_url)
    yield app
    runner = jobs.runner(app)
    assert isinstance(runner, RedisRunner)
    runner.connection.close()
