"""The open API (``/api/v1/``): published community assets, areas, wards, themes and counts, as JSON,
documented by an OpenAPI 3.1 document generated from the schemas that validate each request."""
