"""What self-referral adds to shared registries: how its rows follow a merge, and the way
to individual support on a survey's results page.

Imported with the referrals blueprint (``portal.referrals.routes``).
"""

from portal.organisations.merge import register_merge_columns
from portal.page_parts import register_part
from portal.referrals.models import ReferralLink, SelfReferral
from portal.security import Role

register_merge_columns(ReferralLink, SelfReferral)


@register_part("survey_results", "referrals/_results_part.html", order=20)
def results_part(survey, user):
    """On a survey's results page, the employer is offered the self-referral link, QR code and poster.

    Only the employer contact shares them (the sharing page is theirs), so
    champions and staff reading the results get nothing here. No query.
    """
    if user.role != Role.EMPLOYER:
        return None
    return {}
