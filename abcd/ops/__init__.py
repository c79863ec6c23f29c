"""Running the app in production: health and readiness probes, metrics, request ids and structured logs."""
