"""The test SMTP server's handler: aiosmtpd's Maildir handler, refusing recipients whose address starts with
"refused." with a permanent 550 (as a server refuses an unknown mailbox), so the tests can see one refused recipient
among several."""
from aiosmtpd.handlers import Mailbox


class RefusingMailbox(Mailbox):
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower().startswith("refused."):
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"
