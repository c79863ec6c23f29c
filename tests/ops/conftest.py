"""The ops tests use the same real, throwaway Redis (and RQ app) as the job tests."""

from tests.jobs.conftest import redis_server, redis_url, rq_app

__all__ = ["redis_server", "redis_url", "rq_app"]
