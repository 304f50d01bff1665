"""``Cache-Control: no-store, private`` on every response to a signed-in user or an API token
(issue 13, finding 12): pages, exports and API answers carry personal data, and a shared proxy or
the browser's disk cache must not keep them after the user has gone. Static files stay cacheable."""

from __future__ import annotations

from django.conf import settings

NO_STORE = "no-store, private"


class NoStoreForUsersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.static_prefix = "/" + settings.STATIC_URL.lstrip("/")

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(self.static_prefix):
            return response
        # After the view: the API's bearer token has set request.user by now; a request that sent
        # credentials at all (even refused ones) is treated the same.
        user = getattr(request, "user", None)
        if "HTTP_AUTHORIZATION" in request.META or (user is not None and user.is_authenticated):
            response["Cache-Control"] = NO_STORE
            response.headers.pop("Expires", None)
        return response
