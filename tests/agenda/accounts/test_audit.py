"""Every change to an account or a sign-in card leaves an entry in the audit trail naming who made it — and
no entry holds a password, a password hash, a card token or its hash."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import func, select

from agenda import audit
from agenda import db as storage
from agenda.accounts import cards, users
from agenda.accounts.users import PasswordChange, UserInput, UserPatch
from agenda.models import AuditEntry, Role, SignInCard, Term, User


def test_account_and_card_changes_are_audited_without_secrets(factory: Any, small_council: dict) -> None:
    with factory() as db:
        before = int(db.scalar(select(func.max(AuditEntry.seq))) or 0)
    tokens = []
    with storage.transaction(factory) as db:
        admin = users.get_user(db, small_council["user_ids"]["quantri"])
        secretary = UserInput("thuky2", "Thư ký 2", frozenset({Role.SECRETARY}), "mat-khau-2026")
        user = users.create_user(db, secretary, actor="quantri")
        roles = frozenset({Role.SECRETARY, Role.ARCHIVIST})
        change = UserPatch.of(display_name="Thư ký hai", roles=roles, password="mat-khau-moi-2026")
        users.update_user(db, user, change, by=admin)
        first = cards.issue_card(db, user, by=admin)  # a secretary's account: only an admin acts on it
        cards.revoke_card(db, first.card.id, by=admin)
        second = cards.issue_card(db, user, by=admin)
        tokens += [first.token, second.token]
        users.update_user(db, user, UserPatch.of(is_active=False), by=admin)
        users.update_user(db, user, UserPatch.of(is_active=True), by=admin)
        users.change_own_password(db, user, PasswordChange("mat-khau-moi-2026", "mat-khau-thu-ba"))
        ids = {"user": user.id, "first": first.card.id, "second": second.card.id}
    with factory() as db:
        entries = [
            e for e in db.scalars(select(AuditEntry).where(AuditEntry.seq > before).order_by(AuditEntry.seq))
        ]
        assert [(e.action, e.actor) for e in entries] == [
            ("user.created", "quantri"),
            ("user.updated", "quantri"),
            ("user.roles_changed", "quantri"),
            ("user.password_changed", "quantri"),
            ("card.issued", "quantri"),
            ("card.revoked", "quantri"),
            ("card.issued", "quantri"),
            ("user.deactivated", "quantri"),
            ("user.reactivated", "quantri"),
            ("user.password_changed", "thuky2"),
        ]
        detail = [e.detail for e in entries]
        assert detail[0]["user_id"] == ids["user"] and detail[0]["has_password"] is True
        assert detail[2]["roles"] == ["archivist", "secretary"] and detail[2]["previous"] == ["secretary"]
        assert detail[6]["revoked_card_ids"] == [] and detail[6]["card_id"] == ids["second"]
        assert detail[7]["revoked_card_ids"] == [ids["second"]]
        assert audit.verify(db).ok

        secrets = ["mat-khau-2026", "mat-khau-moi-2026", "mat-khau-thu-ba", *tokens]
        secrets += [h for h in db.scalars(select(User.password_hash)) if h]
        secrets += list(db.scalars(select(SignInCard.token_hash)))
        trail = json.dumps([e.detail for e in db.scalars(select(AuditEntry))], ensure_ascii=False)
        assert not [s for s in secrets if s in trail]


def test_the_cards_of_a_term_are_audited_with_whoever_printed_them(factory: Any, small_council: dict) -> None:
    with factory() as db:
        before = int(db.scalar(select(func.max(AuditEntry.seq))) or 0)
    with storage.transaction(factory) as db:
        term = db.get(Term, small_council["term_id"])
        admin = users.get_user(db, small_council["user_ids"]["quantri"])  # the chair is a delegate too
        faces = cards.issue_cards_for_term(
            db, term, "http://10.0.0.5:8000", by=admin, on=dt.date(2026, 11, 28)
        )
    with factory() as db:
        entries = list(db.scalars(select(AuditEntry).where(AuditEntry.seq > before)))
        actions = sorted(e.action for e in entries)
        assert len(faces) == 4 and actions == ["card.issued"] * 4 + ["user.created"] * 2  # two had no account
        assert {e.actor for e in entries} == {"quantri"}
        trail = json.dumps([e.detail for e in entries])
        assert not [f for f in faces if f.url.split("#card=")[1] in trail]
