"""A Flask webhook receiver: verifies Yoti's signature on the raw body, then trusts the event.

The local sandbox sends a real signed webhook to this app when the session completes.
In production, use `yoti_age.WebhookVerifier()` (Yoti's published key) and an https URL.
"""

from __future__ import annotations

import logging
import queue
import threading

import yoti_age
from flask import Flask, Response, request
from werkzeug.serving import make_server
from yoti_age.testing import sandbox


def create_app(
    verifier: yoti_age.WebhookVerifier, events: queue.Queue[yoti_age.AvsNotification]
) -> Flask:
    app = Flask(__name__)
    seen: set[str] = set()

    @app.post("/yoti/webhook")
    def webhook() -> Response:
        try:
            notification = verifier.verify(request.get_data())  # the raw bytes, never re-serialised
        except yoti_age.WebhookVerificationError as error:
            return Response(f"rejected: {error.code}", status=400)
        if notification.id not in seen:  # resends are legitimate: deduplicate on the id
            seen.add(notification.id)
            events.put(notification)
        return Response("ok", status=200)

    return app


def main() -> None:
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    with sandbox() as sb:
        events: queue.Queue[yoti_age.AvsNotification] = queue.Queue()
        app = create_app(sb.webhook_verifier(), events)
        server = make_server("127.0.0.1", 0, app)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            url = f"http://127.0.0.1:{server.server_port}/yoti/webhook"
            client = sb.client()
            session = client.create_session(
                yoti_age.SessionConfig.over(ttl=900, age_estimation=18, notification_url=url)
            )
            sb.complete(session.id, age=33)
            event = events.get(timeout=20)
            print("verified webhook:", event.session_key, event.state, event.method, event.age)
            assert event.session_key == session.id

            forged = sb.sign_webhook(session_key=session.id).replace(b'"age":18', b'"age":99')
            with app.test_client() as test_client:
                answer = test_client.post("/yoti/webhook", data=forged)
            print("forged webhook:", answer.status_code, answer.get_data(as_text=True))
            assert answer.status_code == 400
        finally:
            server.shutdown()


if __name__ == "__main__":
    main()
