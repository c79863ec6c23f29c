"""Load and fault tests against real servers on 127.0.0.1: `make loadtest` (`python -m bench.load`).

Starts a throwaway PostgreSQL cluster and Redis, two gunicorn app servers on them, and drives a mixed load of
simulated visitors and officers; then checks every acknowledged write in the database. The same load runs on
SQLite (WAL) behind one server; a fault run restarts PostgreSQL and stops Redis mid-run. Nothing leaves the
machine and everything is removed afterwards.
"""
