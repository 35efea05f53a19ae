"""Things that happen in one feature and that others react to, as blinker signals.

A feature that needs to react to another's event subscribes here instead of
being imported by it, so dependencies keep flowing one way (see the layers in
``setup.cfg``). Subscriptions live in each feature's ``hooks`` module, which
its blueprint module imports, so they are connected whenever the application
(or a test's application) is built.

Handlers run synchronously, in the sender's database transaction.
"""

from blinker import Namespace
from flask import request

from portal.paging import parse_int

_signals = Namespace()

#: Staff marked a confirmed booking attended or not attended.
#: Sender: the booking; ``attendance``: the new value.
attendance_marked = _signals.signal("attendance-marked")

#: A course that trains well-being champions was completed (``completed``
#: true) or its completion withdrawn (false) for one attendee. Sender: the
#: record it comes from; ``email``, ``name``, ``organisation``,
#: ``course_title_en``, ``course_title_cy``, ``completed_at`` and ``source``
#: (table, id) describe it.
course_completed = _signals.signal("course-completed")

#: Staff recorded a workplace visit as delivered. Sender: the visit; ``at``:
#: when it was delivered.
visit_delivered = _signals.signal("visit-delivered")

#: Staff corrected a delivered workplace visit (its date or what was
#: delivered) or voided it. Sender: the visit; ``at``: when it now took place,
#: or None when it was voided (it no longer counts).
visit_corrected = _signals.signal("visit-corrected")

#: An organisation's eligibility status changed. Sender: the organisation;
#: ``status``: the new status. The programme re-judges its WHPs, which count
#: only for organisations that may receive programme support.
eligibility_changed = _signals.signal("eligibility-changed")

#: An employer (or their adviser) booked places on an event, or asked for or made a
#: workplace visit, by following an action of the workplace health action plan. Sender: the
#: first booking made (or the visit request); ``plan_action``: the action's id
#: as the form carried it, unchecked (the plans check it belongs to the
#: organisation and the offer). A receiver that recorded it returns the address
#: to go back to (the action on the plan); the sender redirects there.
booked_from_plan = _signals.signal("booked-from-plan")

#: A page was opened from an action of the workplace health action plan (``?plan_action=``)
#: and asks where that action is shown, for its back link. Sender: the organisation;
#: ``plan_action``: the id, unchecked. A receiver returns the action's address on its
#: plan when the action is one of that organisation's, else None.
plan_action_shown = _signals.signal("plan-action-shown")


def plan_action_asked():
    """The action plan's action a booking or visit is made from: ``?plan_action=`` (an id, unchecked), or None.

    The booking and visit forms post to an address that keeps it, so both the
    page and its form read it the same way.
    """
    return parse_int(request.args.get("plan_action"))


def plan_action_page(organisation):
    """The address of the plan's action this page was opened from (``?plan_action=``), or None."""
    return _ask_plans(plan_action_shown, organisation)


def made_from_plan(made):
    """Send :data:`booked_from_plan` for ``made`` when the request came from an action of the plan.

    Returns the address a receiver gave to go back to (the action on the plan),
    or None: not from a plan, or nothing recorded it.
    """
    return _ask_plans(booked_from_plan, made)


def _ask_plans(signal, sender):
    """Send ``signal`` with the request's ``?plan_action=``; the first address a receiver gave, or None."""
    plan_action = plan_action_asked()
    if plan_action is None:
        return None
    replies = signal.send(sender, plan_action=plan_action)
    return next((reply for _receiver, reply in replies if reply), None)


#: A workplace health action plan was agreed. Sender: the plan;
#: ``organisation``, ``at`` (when it was agreed) and ``results_shown`` (its
#: survey has results shown for at least one theme). The programme counts it
#: as an intervention when the rules in force say so.
plan_agreed = _signals.signal("plan-agreed")
