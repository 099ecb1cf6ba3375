"""Mail backends that fail the way mail servers do, for tests run in this process."""
import smtplib

from django.core.mail.backends.locmem import EmailBackend as MemoryBackend


class ServerDownBackend(MemoryBackend):
    """The mail server refuses the connection."""

    def open(self):
        raise ConnectionRefusedError(111, "Connection refused")

    def send_messages(self, messages):
        raise ConnectionRefusedError(111, "Connection refused")


class RefusesBoardBackend(MemoryBackend):
    """Accepts every message except those to the Board's address (a mid-batch failure)."""

    def send_messages(self, messages):
        for message in messages:
            if "bancspl@ldld.vn" in message.to:
                raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)
