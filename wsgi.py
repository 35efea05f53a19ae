"""WSGI entry point: ``gunicorn wsgi:app`` or ``flask --app wsgi``."""

import os

from werkzeug.middleware.proxy_fix import ProxyFix

from portal import create_app

app = create_app()
# Behind a load balancer, trust one proxy hop for the client address and scheme.
if os.environ.get("PORTAL_BEHIND_PROXY", "0") == "1":
    app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
