"""HTTP plumbing: the endpoint registry and request pipeline, bodies, language, OpenAPI, sending files."""
