"""Development only: the e-mail the local SMTP sink has received.

The factory registers this blueprint only when ``DEV_MAIL_SINK`` is on (the
development config), so production and test apps have no such URL at all.
Someone trying the portal can read the verification or reset e-mail of an
account they have just created and follow its link.
"""

from flask import Blueprint, current_app, render_template

from portal.email.devsink import read_messages
from portal.security import Role, role_required

bp = Blueprint("dev_email", __name__, template_folder="templates")


@bp.route("/dev-email")
@role_required(Role.ADMIN)
def messages():
    return render_template(
        "admin/dev_email.html",
        messages=read_messages(current_app.config["DEV_MAIL_DIR"]),
        sink=f"{current_app.config['MAIL_SERVER']}:{current_app.config['MAIL_PORT']}",
    )
