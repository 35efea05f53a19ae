"""What self-referral adds to shared registries: how its rows follow a merge.

Imported with the referrals blueprint (``portal.referrals.routes``).
"""

from portal.organisations.merge import register_merge_columns
from portal.referrals.models import ReferralLink, SelfReferral

register_merge_columns(ReferralLink, SelfReferral)
