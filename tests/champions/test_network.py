"""The champions network: areas, moderation, reports, notifications and digests."""

from datetime import date, timedelta

from sqlalchemy import func, select

from portal.champions import services
from portal.champions.models import DigestDelivery, NetworkPost, PostReport
from portal.email.models import OutboxMessage
from portal.extensions import db
from portal.security import Role
from portal.timeutil import utcnow
from tests import factories


def _champion(la_code="W06000015", **fields):
    return factories.make_user(Role.CHAMPION, organisation=factories.make_organisation(la_code=la_code), **fields)


def test_champions_see_only_their_partner_areas_network(sign_in):
    south = _champion()  # Cardiff: south-east
    north = _champion(la_code="W06000001")  # Anglesey: north-west
    assert south.organisation.partner_id != north.organisation.partner_id
    south_thread = factories.make_thread(south, title="South walking group")
    north_thread = factories.make_thread(north, title="North choir")
    client = sign_in(south)
    board = client.page("/en/champions/network").text("main")
    assert "South walking group" in board
    assert "North choir" not in board
    assert client.get(f"/en/champions/network/{north_thread.id}").status_code == 404
    north_post = north_thread.posts[0]
    assert client.get(f"/en/champions/network/posts/{north_post.id}/report").status_code == 404
    response = client.submit(f"/en/champions/network/{north_thread.id}", {"body": "sneaky"},
                             token_from="/en/champions/network/new")
    assert response.status_code == 404
    assert client.get(f"/en/champions/network/{south_thread.id}").status_code == 200
    north_staff = factories.make_user(Role.STAFF, partner_slug="north-west")
    staff_board = sign_in(north_staff).page("/en/champions/network").text("main")
    assert "North choir" in staff_board
    assert "South walking group" not in staff_board
    results = client.page("/en/resources/?q=choir").text("main")
    assert "North choir" not in results


def test_hidden_posts_and_threads_are_hidden_from_all_but_staff(sign_in):
    author = _champion()
    thread = factories.make_thread(author, title="Open thread", body="Visible first post")
    factories.make_post(thread, author, body="Rude reply ŵ", hidden=True)
    hidden_thread = factories.make_thread(author, title="Hidden thread", hidden=True)
    neighbour = _champion()
    staff = factories.make_user(Role.STAFF)
    admin = factories.make_user(Role.ADMIN)
    for user in (author, neighbour):
        client = sign_in(user)
        assert "Rude reply" not in client.page(f"/en/champions/network/{thread.id}").text("main")
        assert "Hidden thread" not in client.page("/en/champions/network").text("main")
        assert client.get(f"/en/champions/network/{hidden_thread.id}").status_code == 404
        assert "Rude reply" not in client.page("/en/resources/?q=rude").text("main")
    for user in (staff, admin):
        client = sign_in(user)
        assert "Rude reply" in client.page(f"/en/champions/network/{thread.id}").text("main")
        board = client.page(f"/en/champions/network?partner={thread.partner_id}").text("main")
        assert "Hidden thread" in board
        assert client.get(f"/en/champions/network/{hidden_thread.id}").status_code == 200


def test_staff_hide_restore_and_lock_with_audit(sign_in):
    author = _champion()
    thread = factories.make_thread(author, title="Thread to moderate")
    post = factories.make_post(thread, author, body="Moderate me")
    staff = sign_in(factories.make_user(Role.STAFF))
    assert staff.submit(f"/en/champions/network/posts/{post.id}/hide", {},
                        token_from=f"/en/champions/network/{thread.id}").status_code == 302
    db.session.expire_all()
    assert db.session.get(NetworkPost, post.id).hidden
    staff.submit(f"/en/champions/network/posts/{post.id}/restore", {}, token_from=f"/en/champions/network/{thread.id}")
    staff.submit(f"/en/champions/network/{thread.id}/lock", {}, token_from=f"/en/champions/network/{thread.id}")
    db.session.expire_all()
    assert not db.session.get(NetworkPost, post.id).hidden
    champion = sign_in(author)
    page = champion.page(f"/en/champions/network/{thread.id}")
    assert page.soup.select_one("textarea[name=body]") is None
    response = champion.submit(f"/en/champions/network/{thread.id}", {"body": "Let me in"},
                               token_from="/en/champions/network/new")
    assert response.status_code == 302
    assert db.session.scalar(select(func.count(NetworkPost.id)).where(NetworkPost.body == "Let me in")) == 0
    from portal.audit.models import AuditEvent

    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"network_post_hidden", "network_post_restored", "network_thread_lock"} <= actions
    # Staff of another partner cannot moderate this area.
    other = sign_in(factories.make_user(Role.STAFF, partner_slug="north-west"))
    assert other.submit(f"/en/champions/network/posts/{post.id}/hide", {},
                        token_from="/en/champions/network/new").status_code == 404


def test_champion_posts_replies_and_reports(sign_in):
    author = _champion()
    replier = _champion()
    client = sign_in(author)
    response = client.submit("/en/champions/network/new", {"title": "Lunchtime walks", "body": "Who is in?"})
    assert response.status_code == 302
    thread_url = response.headers["Location"]
    other = sign_in(replier)
    assert other.submit(thread_url, {"body": "Count me in"}).status_code == 302
    page = client.page(thread_url)
    assert "Count me in" in page.text("main")
    post_id = db.session.scalar(select(NetworkPost.id).where(NetworkPost.body == "Count me in"))
    report_url = f"/en/champions/network/posts/{post_id}/report"
    assert client.submit(report_url, {"reason": "Spam"}).status_code == 302
    staff = sign_in(factories.make_user(Role.STAFF))
    queue = staff.page("/en/champions/network/reports").text("main")
    assert "Count me in" in queue
    assert "Spam" in queue
    report_id = db.session.scalar(select(PostReport.id))
    staff.submit(f"/en/champions/network/reports/{report_id}/dismiss", {}, token_from="/en/champions/network/reports")
    assert "Count me in" not in staff.page("/en/champions/network/reports").text("main")


def test_empty_post_is_refused_and_input_kept(sign_in):
    client = sign_in(_champion(), lang="cy")
    from tests.helpers import Page

    page = Page(client.submit("/cy/champions/network/new", {"title": "Teitl ŵ", "body": ""}))
    assert page.error_summary() == ["Neges: rhowch ateb"]  # names the field, not "this field"
    assert page.field_value("title") == "Teitl ŵ"


def test_reply_notifications_follow_the_authors_choice(sign_in):
    wants = _champion(language="cy")
    factories.make_profile(wants, notifications="replies")
    quiet = _champion()
    factories.make_profile(quiet, notifications="none")
    replier = _champion(full_name="Ifan Replier")
    loud_thread = factories.make_thread(wants, title="Syniadau")
    quiet_thread = factories.make_thread(quiet, title="Quiet")
    client = sign_in(replier)
    client.submit(f"/en/champions/network/{loud_thread.id}", {"body": "Hi"}, token_from="/en/champions/network/new")
    client.submit(f"/en/champions/network/{quiet_thread.id}", {"body": "Hi"}, token_from="/en/champions/network/new")
    messages = db.session.scalars(select(OutboxMessage)).all()
    assert [(m.to_address, m.language, m.template) for m in messages] == [(wants.email, "cy", "network_reply")]
    assert messages[0].subject == "Ateb newydd: Syniadau"
    assert "Ifan Replier" in messages[0].body_text


def test_weekly_digest_goes_once_per_week_in_the_champions_language(app):
    reader = _champion(language="cy")
    factories.make_profile(reader, notifications="digest")
    english = _champion(language="en")
    factories.make_profile(english, notifications="digest")
    factories.make_profile(_champion(), notifications="replies")
    factories.make_thread(_champion(), title="Te a chacen")
    factories.make_thread(_champion(), title="Secret", hidden=True)
    assert services.send_digests() == 2
    db.session.commit()
    assert services.send_digests() == 0
    runner = app.test_cli_runner()
    assert "0 queued" in runner.invoke(args=["send-digests"]).output
    messages = {m.to_address: m for m in db.session.scalars(select(OutboxMessage))}
    assert set(messages) == {reader.email, english.email}
    assert messages[reader.email].subject == "Yr wythnos hon ar rwydwaith yr hyrwyddwyr"
    assert "Te a chacen" in messages[reader.email].body_text
    assert "Secret" not in messages[reader.email].body_text
    assert db.session.scalar(select(func.count(DigestDelivery.id))) == 2
    # Next week: everyone is due again, but nothing was posted in the seven days before.
    assert services.send_digests(utcnow() + timedelta(days=8)) == 0
    assert db.session.scalar(select(func.count(DigestDelivery.id))) == 4


def test_digest_week_starts_on_monday():
    assert services.week_start(date(2026, 11, 22)) == date(2026, 11, 16)


def test_directory_lists_only_opted_in_champions_with_filters(sign_in):
    cardiff_welsh = _champion(full_name="Megan Cardiff")
    factories.make_profile(cardiff_welsh, listed=True, speaks_welsh=True)
    anglesey = _champion(la_code="W06000001", full_name="Huw Anglesey")
    factories.make_profile(anglesey, listed=True, speaks_welsh=False)
    hidden = _champion(full_name="Not Listed")
    factories.make_profile(hidden, listed=False)
    client = sign_in(_champion())
    everyone = client.page("/en/champions/directory").text("main")
    assert "Megan Cardiff" in everyone
    assert "Huw Anglesey" in everyone
    assert "Not Listed" not in everyone
    welsh = client.page("/en/champions/directory?welsh=y").text("main")
    assert "Megan Cardiff" in welsh
    assert "Huw Anglesey" not in welsh
    la = factories.authority("W06000001")
    by_area = client.page(f"/en/champions/directory?local_authority={la.id}").text("main")
    assert "Huw Anglesey" in by_area
    assert "Megan Cardiff" not in by_area
    other_sector = factories.sector("hospitality")
    assert "Megan" not in client.page(f"/en/champions/directory?sector={other_sector.id}").text("main")


def test_champion_settings_save(sign_in):
    champion = _champion()
    client = sign_in(champion)
    assert client.submit("/en/champions/settings", {"notifications": "digest", "listed": "y"}).status_code == 302
    profile = services.profile_for(champion)
    assert (profile.notifications, profile.listed, profile.speaks_welsh) == ("digest", True, False)
