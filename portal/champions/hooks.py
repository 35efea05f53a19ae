"""What the champions hub adds to shared registries and which events it reacts to.

Imported with the champions blueprint (``portal.champions.routes``): a course
completed on a booking goes on the attendee's training record.
"""

from flask_babel import lazy_gettext as _l

from portal.audit.labels import register_action, register_field, register_record_type
from portal.champions.models import ChampionTraining
from portal.champions.services import record_training_completion, withdraw_training_completion
from portal.organisations.merge import register_merge_columns
from portal.signals import course_completed

register_merge_columns(ChampionTraining)
register_action("network_thread_hide", _l("Network discussion hidden"))
register_action("network_thread_restore", _l("Network discussion restored"))
register_action("network_thread_lock", _l("Network discussion locked"))
register_action("network_thread_unlock", _l("Network discussion unlocked"))
register_action("network_post_hidden", _l("Network post hidden"))
register_action("network_post_restored", _l("Network post restored"))
register_action("network_report_dismissed", _l("Report about a network post dismissed"))
register_action("champion_validity_changed", _l("How long champion training stays valid changed"))
register_record_type("network_threads", _l("Network discussion"))
register_record_type("network_posts", _l("Network post"))
register_record_type("post_reports", _l("Report about a network post"))
register_record_type("champion_settings", _l("Champion settings"))
register_field("thread_id", _l("Discussion"))
register_field("post_id", _l("Post"))


@course_completed.connect
def on_course_completed(sender, *, completed, source, **course):
    """Record the completed course (and its certificate), or withdraw it when attendance is corrected."""
    if completed:
        record_training_completion(source=source, **course)
    else:
        withdraw_training_completion(source)
