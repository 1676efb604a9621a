"""A local SMTP catcher (aiosmtpd) for tests of e-mail: CKAN's mailer sends to it and tests
read the messages back decoded (Korean subjects and bodies)."""

from __future__ import annotations

import contextlib
import email
import email.policy
import socket

from aiosmtpd.controller import Controller


class _Inbox:
    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK"


class Catcher:
    """Messages received so far, with helpers to find one by recipient."""

    def __init__(self, inbox: _Inbox, port: int):
        self._inbox, self.port = inbox, port

    @property
    def messages(self):
        return list(self._inbox.messages)

    def to(self, address: str) -> list[dict]:
        found = []
        for m in self._inbox.messages:
            if address in str(m["To"]):
                body = m.get_body(preferencelist=("plain",))
                found.append({"subject": str(m["Subject"]), "body": body.get_content() if body else ""})
        return found

    def clear(self):
        self._inbox.messages.clear()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def smtp_catcher():
    inbox, port = _Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield Catcher(inbox, port)
    finally:
        controller.stop()


def ini_with_smtp(base_ini, directory, port: int, **options) -> str:
    """A site file for a `ckan run` subprocess: `base_ini` with CKAN's mailer pointed at the
    catcher's port (plus any other options); the logging sections are copied from the base."""
    import configparser
    from pathlib import Path

    base = Path(base_ini).resolve()
    parser = configparser.RawConfigParser(strict=False)
    parser.read(base)
    lines = ["[app:main]", f"use = config:{base}", f"smtp.server = 127.0.0.1:{port}"]
    lines += [f"{key} = {value}" for key, value in options.items()]
    for section in parser.sections():
        if section.startswith(("loggers", "handlers", "formatters", "logger_", "handler_", "formatter_")):
            lines.append(f"[{section}]")
            lines += [f"{k} = {v}" for k, v in parser.items(section, raw=True) if k not in parser.defaults()]
    path = Path(directory) / "portal-with-mail.ini"
    path.write_text("\n".join(lines) + "\n")
    return str(path)
