"""The app as gunicorn serves it in the reliability tests: configuration from one JSON variable."""

from __future__ import annotations

import json
import os

from wsgi import create_app

app = create_app(json.loads(os.environ["COMMONGROUND_RELIABILITY_CONFIG"]))
