"""The council and what is prepared before a sitting: terms, delegates, Ban and Tổ, officials, sessions and
their agenda. One module per concern; each function works inside the caller's transaction and either
completes its change or raises :class:`~agenda.errors.DomainError` (the transaction then rolls back)."""
