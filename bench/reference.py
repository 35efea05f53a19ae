"""The bare reference page for ``make bench-pages``: Flask + Jinja, a 25-row table.

What a page costs with nothing but the framework: no database, no sessions, no
translations. The page benchmark serves it under the same gunicorn settings as
the portal and reports each portal page as a ratio to it, measured beside it.
"""

from flask import Flask, render_template_string

PAGE = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ title }}</title></head>
<body>
<main>
<h1>{{ title }}</h1>
<table>
<thead><tr><th>Reference</th><th>Name</th><th>Authority</th><th>Employees</th><th>Status</th></tr></thead>
<tbody>
{% for row in rows %}
<tr><td>{{ row.reference }}</td><td><a href="/organisations/{{ row.id }}">{{ row.name }}</a></td>
<td>{{ row.authority }}</td><td>{{ row.employees }}</td><td>{{ row.status }}</td></tr>
{% endfor %}
</tbody>
</table>
</main>
</body>
</html>
"""

ROWS = [
    {"id": n, "reference": f"HWW-REF{n:06d}", "name": f"Caffi'r Cwm & Sons {n}", "authority": "Rhondda Cynon Taf",
     "employees": 10 + n, "status": "Verified"}
    for n in range(25)
]

app = Flask(__name__)


@app.get("/")
def table():
    """The 25-row table."""
    return render_template_string(PAGE, title="Organisations", rows=ROWS)
