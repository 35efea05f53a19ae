"""Training records, certificates, verification, the validity period and refresher reminders."""

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from portal.champions import services
from portal.champions.models import ChampionTraining, RefresherReminder
from portal.email.models import OutboxMessage
from portal.extensions import db
from portal.security import Role
from portal.timeutil import utcnow
from tests import factories
from tests.champions.pdftext import pdf_text


def test_recording_is_idempotent_per_source_and_links_by_email_case_insensitively():
    champion = factories.make_user(Role.CHAMPION, email="Gwen.Hughes@Example.com")
    first = factories.make_training(email="gwen.hughes@EXAMPLE.com", name="Gwen Hughes", source=("booking", 7))
    again = factories.make_training(email="gwen.hughes@example.com", name="Gwen Hughes", source=("booking", 7))
    assert first.id == again.id
    assert db.session.scalar(select(func.count(ChampionTraining.id))) == 1
    assert first.user_id == champion.id
    assert first.valid_until == date(2029, 3, 10)
    assert len(first.certificate_code) == 19


def test_a_record_made_before_the_account_exists_is_found_once_it_does():
    training = factories.make_training(email="later@example.com", name="Later Champion")
    assert training.user_id is None
    champion = factories.make_user(Role.CHAMPION, email="Later@Example.com")
    assert [t.id for t in services.trainings_for(champion)] == [training.id]


def test_certificate_codes_are_unique_and_unguessable():
    codes = {services.new_certificate_code() for _ in range(500)}
    assert len(codes) == 500
    assert all(len(c.replace("-", "")) == 16 and set(c.replace("-", "")) <= set(services.CODE_ALPHABET)
               for c in codes)


def test_champion_sees_training_record_certificate_and_pdf(sign_in):
    champion = factories.make_user(Role.CHAMPION, full_name="Siân Ŵyn Jones", language="cy")
    training = factories.make_training(champion, course_cy="Hyfforddiant hyrwyddwyr llesiant: ŵ ŷ")
    client = sign_in(champion, lang="cy")
    page = client.page("/cy/champions/")
    assert "Hyfforddiant hyrwyddwyr llesiant: ŵ ŷ" in page.text("main")
    assert "10 Mawrth 2029" in page.text("main")
    certificate = client.page(f"/en/champions/certificates/{training.certificate_code}")
    sections = certificate.soup.select(".app-certificate__language")
    # Language preference known (Welsh): Welsh first, and both languages shown.
    assert [s["lang"] for s in sections] == ["cy", "en"]
    assert "Tystysgrif cwblhau" in sections[0].get_text()
    assert "Certificate of completion" in sections[1].get_text()
    response = client.get(f"/en/champions/certificates/{training.certificate_code}.pdf")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    text = pdf_text(response.data)
    assert "Siân Ŵyn Jones" in text
    assert text.index("Tystysgrif cwblhau") < text.index("Certificate of completion")
    assert training.certificate_code in text


def test_certificate_is_welsh_first_when_preference_unknown():
    from portal.champions.certificates import certificate_languages

    training = factories.make_training(email="nobody@example.com")
    assert certificate_languages(training) == ["cy", "en"]
    english = factories.make_user(Role.CHAMPION, language="en")
    assert certificate_languages(factories.make_training(english)) == ["en", "cy"]


def test_other_champions_cannot_open_a_certificate(sign_in):
    owner = factories.make_user(Role.CHAMPION)
    training = factories.make_training(owner)
    other = factories.make_user(Role.CHAMPION)
    north_staff = factories.make_user(Role.STAFF, partner_slug="north-west")
    for user in (other, north_staff):
        assert sign_in(user).get(f"/en/champions/certificates/{training.certificate_code}").status_code == 404


def test_verification_confirms_a_real_code_and_refuses_a_made_up_one(client):
    training = factories.make_training(name="Rhodri Price", course_en="Champion course: level 1")
    typed = training.certificate_code.lower().replace("-", " ")
    page = client.page(f"/en/champions/verify?code={typed}")
    result = page.text(".govuk-main-wrapper")
    assert "This certificate is genuine" in result
    assert "Rhodri Price" in result
    assert "Champion course: level 1" in result
    made_up = client.page("/cy/champions/verify?code=ABCD-EFGH-JKMN-PQRS")
    assert made_up.soup.select_one(".govuk-panel") is None
    assert "Rhodri Price" not in made_up.text("main")
    assert "Nid oedd modd dod o hyd i dystysgrif gyda'r cod hwnnw" in made_up.text("main")
    assert "could not find" in client.page("/en/champions/verify?code=nonsense").text("main")


def test_verification_never_confirms_a_certificate_dated_in_the_future(client):
    """A course marked attended before it ended must not be confirmed as completed before it happened."""
    future = factories.make_training(name="Future Person", completed_at=utcnow() + timedelta(days=3))
    for lang in ("en", "cy"):
        page = client.page(f"/{lang}/champions/verify?code={future.certificate_code}")
        assert page.soup.select_one(".govuk-panel") is None
        assert "Future Person" not in page.text("main")
    assert services.verify_certificate(future.certificate_code) is None
    assert services.verify_certificate(future.certificate_code, now=future.completed_at) == future


def test_admin_sets_validity_and_certificates_follow(sign_in):
    admin = factories.make_user(Role.ADMIN)
    training = factories.make_training()
    client = sign_in(admin)
    response = client.submit("/en/champions/validity", {"months": "24"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(ChampionTraining, training.id).valid_until == date(2028, 3, 10)
    assert factories.make_training().valid_until == date(2028, 3, 10)
    page = client.page("/en/champions/validity")
    assert page.field_value("months") == "24"
    bad = client.submit("/en/champions/validity", {"months": "0"})
    assert bad.status_code == 200


def test_reminders_go_six_and_three_months_before_once_each():
    organisation = factories.make_organisation(correspondence_language="cy")
    champion = factories.make_user(Role.CHAMPION, organisation=organisation, language="en")
    contact = factories.make_user(Role.EMPLOYER, organisation=organisation)
    training = factories.make_training(champion, completed_at=datetime(2026, 1, 15, 12, tzinfo=UTC))
    assert training.valid_until == date(2029, 1, 15)
    assert services.send_refresher_reminders(date(2028, 7, 14)) == 0
    assert services.send_refresher_reminders(date(2028, 7, 15)) == 1
    db.session.commit()
    assert services.send_refresher_reminders(date(2028, 7, 16)) == 0
    messages = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert [(m.to_address, m.language) for m in messages] == [(champion.email, "en"), (contact.email, "cy")]
    assert "15 January 2029" in messages[0].body_text
    assert "15 Ionawr 2029" in messages[1].body_text
    assert services.send_refresher_reminders(date(2028, 10, 15)) == 1
    assert services.send_refresher_reminders(date(2028, 10, 20)) == 0
    stages = db.session.scalars(select(RefresherReminder.months_before).order_by(RefresherReminder.months_before))
    assert list(stages) == [3, 6]


def test_a_refresher_replaces_the_old_certificate_for_reminders():
    champion = factories.make_user(Role.CHAMPION)
    factories.make_training(champion, completed_at=datetime(2023, 1, 15, 12, tzinfo=UTC))
    factories.make_training(champion, completed_at=datetime(2025, 6, 1, 12, tzinfo=UTC))
    assert services.send_refresher_reminders(date(2025, 9, 1)) == 0


def test_reminder_command_is_idempotent(app):
    champion = factories.make_user(Role.CHAMPION)
    factories.make_user(Role.EMPLOYER, organisation=champion.organisation)
    factories.make_training(champion, completed_at=datetime(2026, 1, 15, 12, tzinfo=UTC))
    runner = app.test_cli_runner()
    first = runner.invoke(args=["send-refresher-reminders", "--date", "2028-08-01"])
    second = runner.invoke(args=["send-refresher-reminders", "--date", "2028-08-01"])
    assert "1 certificates" in first.output
    assert "0 certificates" in second.output
    db.session.expire_all()
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 2


def test_lapsed_champions_are_shown_as_lapsed(sign_in):
    organisation = factories.make_organisation()
    lapsed = factories.make_user(Role.CHAMPION, organisation=organisation, full_name="Lapsed Champion")
    current = factories.make_user(Role.CHAMPION, organisation=organisation, full_name="Current Champion")
    factories.make_training(lapsed, completed_at=datetime(2020, 1, 10, 12, tzinfo=UTC))
    factories.make_training(current, completed_at=datetime(2026, 1, 10, 12, tzinfo=UTC))
    contact = factories.make_user(Role.EMPLOYER, organisation=organisation)
    staff = factories.make_user(Role.STAFF)
    for client, url in ((sign_in(contact), "/en/champions/team"), (sign_in(staff), "/en/champions/all")):
        rows = {r.select("td")[0].get_text(strip=True): r.get_text(" ", strip=True)
                for r in client.page(url).soup.select("tbody tr")}
        assert "Lapsed" in rows["Lapsed Champion"]
        assert "Current" in rows["Current Champion"]
        assert "Lapsed" not in rows["Current Champion"]
    own = sign_in(lapsed).page("/en/champions/")
    assert "lapsed on 10 January 2023" in own.text("main")


def test_people_trained_without_an_account_are_listed_for_their_employer(sign_in):
    organisation = factories.make_organisation()
    contact = factories.make_user(Role.EMPLOYER, organisation=organisation)
    training = factories.make_training(email="Trained.NoAccount@example.com", name="Bethan Trained",
                                       organisation=organisation)
    factories.make_training(email="elsewhere@example.com", name="Other Employer's Champion")
    client = sign_in(contact)
    page = client.page("/en/champions/team")
    rows = [r.get_text(" ", strip=True) for r in page.soup.select("tbody tr")]
    assert len(rows) == 1
    assert "Bethan Trained" in rows[0]
    assert "no account yet" in rows[0]
    link = page.soup.select_one("tbody a")["href"]
    assert link.endswith(training.certificate_code)
    assert client.get(link).status_code == 200
    champion = factories.make_user(Role.CHAMPION, email="trained.noaccount@example.com", organisation=organisation,
                                   full_name="Bethan Trained")
    rows = [r.get_text(" ", strip=True) for r in client.page("/en/champions/team").soup.select("tbody tr")]
    assert len(rows) == 1
    assert "no account yet" not in rows[0]
    assert "Current" in rows[0]
    assert [t.id for t in services.trainings_for(champion)] == [training.id]


def test_each_half_of_a_bilingual_certificate_links_to_its_own_languages_verification_page(sign_in):
    champion = factories.make_user(Role.CHAMPION, language="cy")
    training = factories.make_training(champion)
    client = sign_in(champion, lang="cy")
    page = client.page(f"/en/champions/certificates/{training.certificate_code}")
    halves = {s["lang"]: s.get_text() for s in page.soup.select(".app-certificate__language")}
    assert f"/cy/champions/verify?code={training.certificate_code}" in halves["cy"]
    assert f"/en/champions/verify?code={training.certificate_code}" in halves["en"]
    assert "/cy/champions/verify" not in halves["en"]
    text = pdf_text(client.get(f"/cy/champions/certificates/{training.certificate_code}.pdf").data)
    assert f"/en/champions/verify?code={training.certificate_code}" in text
