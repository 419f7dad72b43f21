"""Accounts: users, roles and passwords (:mod:`.users`), QR sign-in cards (:mod:`.cards`)."""
