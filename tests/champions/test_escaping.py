"""Text people type is escaped everywhere it is shown."""

from portal.security import Role
from tests import factories

SCRIPT = '<script>alert("x")</script>'
MARKUP = '<b onmouseover="alert(1)">bold</b><img src=x onerror=alert(2)>'
PAYLOAD = f"{SCRIPT}{MARKUP}"


def _assert_escaped(html, where):
    assert SCRIPT not in html, where
    assert "<b onmouseover" not in html, where
    assert "<img src=x" not in html, where
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html or "&lt;script&gt;" in html, where


def test_network_titles_bodies_and_names_are_escaped(sign_in):
    organisation = factories.make_organisation(name=f"Org {PAYLOAD}")
    author = factories.make_user(Role.CHAMPION, organisation=organisation, full_name=f"Name {PAYLOAD}")
    factories.make_profile(author, listed=True)
    client = sign_in(author)
    response = client.submit("/en/champions/network/new", {"title": f"Title {PAYLOAD}", "body": f"Body {PAYLOAD}"})
    thread_url = response.headers["Location"]
    client.submit(thread_url, {"body": f"Reply {PAYLOAD}"})
    post_id = int(client.page(thread_url).soup.select("article")[-1]["id"].removeprefix("post-"))
    client.submit(f"/en/champions/network/posts/{post_id}/report", {"reason": f"Reason {PAYLOAD}"})
    staff = sign_in(factories.make_user(Role.STAFF))
    pages = [
        (client, "/en/champions/network"),
        (client, thread_url),
        (client, f"/en/champions/network/posts/{post_id}/report"),
        (client, "/en/champions/directory"),
        (client, "/en/resources/?q=title"),
        (staff, "/en/champions/network/reports"),
        (staff, thread_url),
        (staff, "/en/champions/all"),
    ]
    for who, url in pages:
        html = who.get(url).get_data(as_text=True)
        _assert_escaped(html, url)


def test_resource_text_is_escaped(sign_in):
    resource = factories.make_resource(title_en=f"Title {PAYLOAD}", title_cy="", summary_en=f"Summary {PAYLOAD}",
                                       files={"en": factories.PDF_BYTES})
    staff = sign_in(factories.make_user(Role.STAFF))
    champion = sign_in(factories.make_user(Role.CHAMPION))
    for who, url in ((champion, "/en/resources/"), (champion, f"/cy/resources/{resource.id}"),
                     (champion, "/en/resources/?q=summary"), (staff, "/en/resources/manage"),
                     (staff, f"/en/resources/{resource.id}/edit")):
        html = who.get(url).get_data(as_text=True)
        _assert_escaped(html, url)


def test_certificate_names_are_escaped(sign_in, client):
    champion = factories.make_user(Role.CHAMPION, full_name=f"Name {PAYLOAD}")
    training = factories.make_training(champion, name=f"Name {PAYLOAD}", course_en=f"Course {PAYLOAD}")
    employer = factories.make_user(Role.EMPLOYER, organisation=champion.organisation)
    own = sign_in(champion)
    for who, url in ((own, "/en/champions/"), (own, f"/en/champions/certificates/{training.certificate_code}"),
                     (client, f"/en/champions/verify?code={training.certificate_code}"),
                     (sign_in(employer), "/en/champions/team")):
        html = who.get(url).get_data(as_text=True)
        _assert_escaped(html, url)
    reflected = client.get(f"/en/champions/verify?code={SCRIPT}").get_data(as_text=True)
    assert SCRIPT not in reflected
