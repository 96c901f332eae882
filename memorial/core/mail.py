"""E-mail is sent by the task worker: a slow or failing mail server never holds up a request.

``EMAIL_BACKEND`` is ``BackgroundEmailBackend``; it turns each message into plain data and queues
``deliver``, which sends it with ``EMAIL_DELIVERY_BACKEND`` (SMTP unless configured otherwise) and
is retried when the server refuses or cannot be reached. Messages go only to staff (reviewers,
account owners); a delivered message's task is pruned with the other finished tasks.
"""

import base64

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend

from .tasks import background, defer


def to_data(message):
    """A message as JSON-serialisable data (what a task may carry)."""
    attachments = []
    for attachment in message.attachments:
        filename, content, mimetype = attachment
        if isinstance(content, str):
            content = content.encode()
        attachments.append([filename, base64.b64encode(content).decode("ascii"), mimetype])
    return {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": [[content, mimetype] for content, mimetype in getattr(message, "alternatives", [])],
        "attachments": attachments,
    }


def from_data(data):
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
    )
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    for filename, content, mimetype in data["attachments"]:
        message.attach(filename, base64.b64decode(content), mimetype)
    return message


@background(retries=6)
def deliver(messages):
    """Send the messages with the delivery backend; raise (and so be retried) if it fails."""
    connection = get_connection(settings.EMAIL_DELIVERY_BACKEND, fail_silently=False)
    return connection.send_messages([from_data(data) for data in messages])


class BackgroundEmailBackend(BaseEmailBackend):
    """Queue messages for the worker instead of talking to the mail server in the request."""

    def send_messages(self, email_messages):
        messages = [to_data(message) for message in email_messages if isinstance(message, EmailMessage)]
        messages = [data for data in messages if data["to"] or data["cc"] or data["bcc"]]
        if messages:
            defer(deliver, messages)
        return len(messages)
