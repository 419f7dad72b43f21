"""Accounts: users, roles and passwords (:mod:`.users`), QR sign-in cards (:mod:`.cards`), and who may act on
whose account (:mod:`.authority`)."""
