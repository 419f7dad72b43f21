"""The live session: the websocket (:mod:`.socket`), fan-out to every screen (:mod:`.hub`, :mod:`.brokers`),
the table of live actions (:mod:`.actions`), the ballot writer (:mod:`.ballots`), tally reports
(:mod:`.progress`) and the direct write to uvicorn's websocket connections (:mod:`.direct`)."""
