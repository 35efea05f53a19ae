"""What the champions hub adds to shared registries and which events it reacts to.

Imported with the champions blueprint (``portal.champions.routes``): a course
completed on a booking goes on the attendee's training record.
"""

from portal.champions.models import ChampionTraining
from portal.champions.services import record_training_completion, withdraw_training_completion
from portal.organisations.merge import register_merge_columns
from portal.signals import course_completed

register_merge_columns(ChampionTraining)


@course_completed.connect
def on_course_completed(sender, *, completed, source, **course):
    """Record the completed course (and its certificate), or withdraw it when attendance is corrected."""
    if completed:
        record_training_completion(source=source, **course)
    else:
        withdraw_training_completion(source)
