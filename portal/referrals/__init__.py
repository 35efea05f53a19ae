"""Employees refer themselves to the individual in-work support service.

The employer shares a link, a QR code or a poster; an employee answers a few
question pages without an account; the portal passes the referral to the
individual service's intake address through the e-mail outbox. The portal keeps
no one's name or contact details: only a dated count per organisation and
channel, which the employer sees once enough people have referred themselves.
"""
