"""CSRF on every browser form, the security headers every answer carries, and session cookies
that are HttpOnly, SameSite=Lax and, on HTTPS, Secure.

Bearer-token and JSON requests skip the CSRF check: a cross-site form can send neither an
Authorization header nor an application/json body without a CORS preflight, which we never grant.
"""

from __future__ import annotations

from flask import Flask, Response, has_request_context, request
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

csrf = CSRFProtect()

# No inline script or style anywhere, so the policy needs no 'unsafe-inline'.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; "
       "base-uri 'none'; object-src 'none'")

# The process modeler page only: bpmn-js and dmn-js write style attributes into the markup they
# build (popup-menu icons, the decision table's context menu, a <style> element dmn-js inserts),
# which a strict style-src refuses. Style, never script: script-src stays 'self', so injected
# markup still cannot run code, and every other page keeps the strict policy.
MODELER_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, marked Secure whenever the request came over TLS (the
    proxy's X-Forwarded-Proto counts when PROXY_HOPS is set), so no setting can be forgotten."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(super().get_cookie_secure(app) or
                    (has_request_context() and request.is_secure))


def init_app(app: Flask) -> None:
    app.session_interface = SessionInterface()
    hops = app.config.get("PROXY_HOPS", 0)
    if hops:
        # Trust exactly that many proxies for the client address and scheme, never more.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]
    app.config.setdefault("WTF_CSRF_CHECK_DEFAULT", False)
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)  # tied to the session, not a clock
    csrf.init_app(app)

    @app.before_request
    def _check_csrf() -> None:
        if request.method in {"GET", "HEAD", "OPTIONS"}:
            return
        if request.headers.get("Authorization", "").startswith("Bearer ") or request.is_json:
            return
        csrf.protect()

    @app.after_request
    def _headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response
