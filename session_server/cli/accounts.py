"""``kyhop user create`` and ``kyhop cards``: accounts and the printed QR sign-in cards."""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path

from agenda import db as storage
from session_server.cli.database import engine_of


def cmd_user_create(args: argparse.Namespace) -> int:
    from agenda.accounts.authority import SYSTEM
    from agenda.accounts.users import UserInput, create_account

    password = args.password or getpass.getpass("Mật khẩu / Password: ")
    values = UserInput.parse(
        {
            "username": args.username,
            "display_name": args.display_name or args.username,
            "password": password,
            "roles": args.roles.split(","),
        }
    )
    with storage.transaction(storage.session_factory(engine_of(args))) as db:
        user = create_account(db, values, by=SYSTEM)  # whoever runs the command on the server
        print(f"Đã tạo tài khoản {user.username} ({', '.join(sorted(r.value for r in user.roles))}).")
    return 0


def cmd_cards(args: argparse.Namespace) -> int:
    from agenda.accounts.authority import SYSTEM
    from agenda.accounts.cards import issue_cards_for_term
    from agenda.council.terms import current_term, home_council
    from agenda.pdf.cards import render_cards_pdf
    from session_server.settings import make_settings

    base_url = args.base_url or make_settings(args.database).base_url()
    with storage.transaction(storage.session_factory(engine_of(args))) as db:
        council = home_council(db)
        faces = issue_cards_for_term(db, current_term(db, council), base_url, by=SYSTEM, days=args.days)
        pdf = render_cards_pdf(faces, council_name=council.name)
        # Written before the transaction commits: if the file cannot be written, no card is issued.
        Path(args.output).write_bytes(pdf)
    print(
        f"Đã in {len(faces)} thẻ đăng nhập vào {args.output} (hiệu lực {args.days} ngày; thẻ cũ đã bị thu hồi)."
    )
    return 0
