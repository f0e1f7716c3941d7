"""The access token in front of textual-serve, which has no authentication of its own.

``mlprofile serve`` prints one link carrying a random token. The first request with it gets
the token back as a cookie (HttpOnly, SameSite=Strict) and, for the page, a redirect to the
same address without the token, so it leaves the address bar of a tab shared on a call. Every
other request (the page, its scripts, the websocket that runs the app, downloads) needs the
cookie or the token, or gets 403. A websocket must also come from a page of this server (its
``Origin``): a page of another site cannot drive the app with the user's cookie.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from urllib.parse import urlencode, urlsplit

from aiohttp import web

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

TOKEN_PARAMETER = "token"


def new_token() -> str:
    """A fresh access token: 256 random bits, URL-safe text."""
    return secrets.token_urlsafe(32)


class TokenGate:
    """An aiohttp middleware (``middleware``) letting through only requests that carry ``token``.

    ``cookie`` names the cookie that carries it (cookies are per host, not per port: the name
    keeps two servers on one machine apart); ``public_url`` is the address people open, whose
    origin a websocket may come from beside the request's own host.
    """

    def __init__(self, token: str, *, cookie: str, public_url: str) -> None:
        self._token = token.encode()
        self.cookie = cookie
        public = urlsplit(public_url)
        self._secure = public.scheme == "https"
        self._origins = {public.netloc} if public.netloc else set()

    def _valid(self, given: str | None) -> bool:
        return given is not None and secrets.compare_digest(given.encode(), self._token)

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        by_query = self._valid(request.query.get(TOKEN_PARAMETER))
        if not (by_query or self._valid(request.cookies.get(self.cookie))):
            raise web.HTTPForbidden(
                text="403: this mlprofile server needs the link it printed (with its token)\n"
            )
        if request.path == "/ws" and not self._same_origin(request):
            raise web.HTTPForbidden(text="403: the app's websocket only serves this site's page\n")
        if by_query and request.method == "GET" and request.path == "/":
            rest = [(k, v) for k, v in request.query.items() if k != TOKEN_PARAMETER]
            response = web.Response(
                status=302, headers={"Location": "./" + (f"?{urlencode(rest)}" if rest else "")}
            )
            response.set_cookie(
                self.cookie,
                self._token.decode(),
                path="/",
                httponly=True,
                samesite="Strict",
                secure=self._secure,
            )
            return response
        return await handler(request)

    def _same_origin(self, request: web.Request) -> bool:
        origin = request.headers.get("Origin")
        if origin is None:  # not a browser: it had the token or the cookie all the same
            return True
        return urlsplit(origin).netloc in self._origins | {request.host}
