"""The open API's tests share the records of tests/open_data.py."""

from tests.open_data import open_data  # noqa: F401 -- a fixture
