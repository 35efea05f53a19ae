"""Library and noticeboard pages run the same number of queries for small and large data."""

from portal.security import Role
from tests import factories
from tests.helpers import count_queries


def _count(client, url):
    with count_queries() as counter:
        response = client.get(url)
    assert response.status_code == 200
    return counter.count


def test_library_query_count_does_not_grow_with_resources(sign_in):
    champion = factories.make_user(Role.CHAMPION)
    staff = factories.make_user(Role.STAFF)
    factories.make_resource(files={"en": factories.PDF_BYTES}, actor=staff)
    clients = {"champion": sign_in(champion), "staff": sign_in(staff)}
    urls = ["/en/resources/", "/en/resources/?q=stress&topic=stress&language=cy", "/en/resources/manage"]
    small = {(who, url): _count(c, url) for who, c in clients.items() for url in urls if who == "staff" or
             "manage" not in url}
    for n in range(30):
        factories.make_resource(title_en=f"Stress {n}", topics=("stress", "sleep"),
                                files={"en": factories.PDF_BYTES, "cy": factories.PDF_BYTES}, actor=staff,
                                commit=False)
    factories.db.session.commit()
    large = {(who, url): _count(clients[who], url) for who, url in small}
    assert large == small


def test_noticeboard_and_thread_query_counts_do_not_grow(sign_in):
    champion = factories.make_user(Role.CHAMPION)
    thread = factories.make_thread(champion)
    client = sign_in(champion)
    staff = sign_in(factories.make_user(Role.STAFF))
    urls = ["/en/champions/network", f"/en/champions/network/{thread.id}", "/en/champions/network/reports"]
    post = factories.make_post(thread, champion)
    factories.make_report(post, champion)
    small = [_count(client, urls[0]), _count(client, urls[1]), _count(staff, urls[0]), _count(staff, urls[2])]
    for n in range(30):
        author = factories.make_user(Role.CHAMPION, organisation=champion.organisation, commit=False)
        other = factories.make_thread(author, title=f"Thread {n}", commit=False)
        reply = factories.make_post(thread, author, body=f"Reply {n}", commit=False)
        factories.make_post(other, champion, commit=False)
        factories.make_report(reply, author, commit=False)
    factories.db.session.commit()
    large = [_count(client, urls[0]), _count(client, urls[1]), _count(staff, urls[0]), _count(staff, urls[2])]
    assert large == small
