"""The HTTP API, one module of endpoints per resource; ``session_server.app.create_app`` gathers them."""
