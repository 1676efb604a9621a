"""busan_security: secure defaults that stock CKAN leaves to the operator.

- start-up refuses a placeholder or short SECRET_KEY (IConfigurable runs after every
  IConfigurer, so values from environment variables through ckanext-envvars are checked);
- uploads are limited to an allow-list of file types and to ckan.max_resource_size, checked
  before anything is written;
- stock endpoints that read tags or formats from the database return only what the caller
  may see, and stock actions that crash on a missing parameter or an anonymous caller refuse
  cleanly instead (actions.py, auth.py; found by tests/security/test_leaks.py).
"""

from __future__ import annotations

import os

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from flask import Flask
from werkzeug.exceptions import BadRequest, Forbidden, NotFound

from ckanext.busan.security import actions, auth
from ckanext.busan.security.policy import check_secrets, upload_refusal

SECRET_OPTIONS = ("SECRET_KEY", "api_token.jwt.encode.secret", "api_token.jwt.decode.secret")


def _upload_size(upload) -> int | None:
    stream = getattr(upload, "stream", None)
    try:
        start = stream.tell()
        stream.seek(0, os.SEEK_END)
        size = stream.tell()
        stream.seek(start)
        return size
    except (AttributeError, OSError, ValueError):
        return getattr(upload, "content_length", None) or None


def _error_page(app: Flask, http_error, message: str):
    def handler(_error):
        return app.handle_http_exception(http_error(description=tk._(message)))

    return handler


@tk.blanket.config_declarations
@tk.blanket.actions(actions)
@tk.blanket.auth_functions(auth)
class BusanSecurityPlugin(p.SingletonPlugin):
    p.implements(p.IConfigurable)
    p.implements(p.IResourceController, inherit=True)
    p.implements(p.IMiddleware, inherit=True)

    # IMiddleware: a logic error that a stock view lets escape (an auth function raising
    # NotFound for an unknown id, an activity id that is missing or not the visitor's) is
    # the page's 404/403/400 with CKAN's own error page, not an HTTP 500.
    def make_middleware(self, app, config):
        if isinstance(app, Flask):
            for logic_error, http_error, message in (
                (tk.ObjectNotFound, NotFound, "Not found"),
                (tk.NotAuthorized, Forbidden, "Not authorized to see this page"),
                (tk.ValidationError, BadRequest, "The request is missing a value or has a wrong one."),
            ):
                app.register_error_handler(logic_error, _error_page(app, http_error, message))
        return app

    # IConfigurable
    def configure(self, config):
        secrets = {"SECRET_KEY": config.get("SECRET_KEY")}
        for option in SECRET_OPTIONS[1:]:
            value = config.get(option)
            # CKAN derives the JWT secrets from SECRET_KEY unless they are set on their own.
            if value and value != f"string:{secrets['SECRET_KEY']}":
                secrets[option] = value
        check_secrets(secrets, config.get("ckanext.busan.security.min_secret_length"))

    # IResourceController
    def before_resource_create(self, context, resource):
        self._check_upload(resource)

    def before_resource_update(self, context, current, resource):
        self._check_upload(resource)

    @staticmethod
    def _check_upload(resource: dict) -> None:
        upload = resource.get("upload")
        filename = getattr(upload, "filename", None)
        if not filename:
            return
        refusal = upload_refusal(
            filename,
            _upload_size(upload),
            tk.config.get("ckanext.busan.upload.allowed_formats"),
            tk.config.get("ckan.max_resource_size") * 1024 * 1024,
        )
        if refusal:
            message, params = refusal
            raise tk.ValidationError({"url": [tk._(message).format(**params)]})
