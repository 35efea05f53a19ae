"""What the staff survey adds to shared registries: how its rows follow a merge.

Imported with the surveys blueprint (``portal.surveys.routes``). Responses,
answers, comments and browser marks belong to a survey, not to an
organisation, so they follow it without being listed.
"""

from portal.organisations.merge import register_merge_columns
from portal.surveys.models import Survey

register_merge_columns(Survey)
