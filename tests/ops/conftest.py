"""The ops tests use the same real, throwaway Redis as the job tests."""

from tests.jobs.conftest import redis_server, redis_url

__all__ = ["redis_server", "redis_url"]
