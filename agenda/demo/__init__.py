"""The demo council (``kyhop demo``): :func:`agenda.demo.build.build_demo`."""
