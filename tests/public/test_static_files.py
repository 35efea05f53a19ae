"""Static files: their URLs carry their content's digest, and only a current digest is kept for a year."""

import re
from pathlib import Path

from portal.security import Role
from portal.static_files import ONE_YEAR, Digests
from tests import factories

KEPT = f"public, max-age={ONE_YEAR}, immutable"


def _static_urls(html):
    return re.findall(r'(?:href|src)="(/assets/[^"]+)"', html)


def _kept(response):
    return set(response.headers.get("Cache-Control", "").replace(" ", "").split(",")) == set(
        KEPT.replace(" ", "").split(","))


def test_every_static_url_on_a_page_names_its_content_and_is_kept(client, sign_in):
    for browser, path in ((client, "/cy/"), (sign_in(factories.make_user(Role.STAFF)), "/en/staff/today")):
        urls = _static_urls(browser.get(path).get_data(as_text=True))
        assert len(urls) >= 4, urls  # icon, two stylesheets, the script
        for url in urls:
            assert re.search(r"\?v=[0-9a-f]{12}$", url), url
            response = browser.get(url)
            assert response.status_code == 200, url
            assert _kept(response), (url, response.headers.get("Cache-Control"))


def test_a_url_without_the_current_digest_is_revalidated(client, app):
    digest = app.extensions["static_digests"]("portal.css")
    for url in ("/assets/portal.css", "/assets/portal.css?v=000000000000", f"/assets/portal.css?v={digest}x"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "immutable" not in response.headers.get("Cache-Control", ""), url
        assert "no-cache" in response.headers.get("Cache-Control", ""), url


def test_fonts_named_by_their_content_are_kept(client, app):
    fonts = sorted((Path(app.static_folder) / "fonts").glob("*.woff2"))
    assert fonts
    response = client.get(f"/assets/fonts/{fonts[0].name}")
    assert response.status_code == 200
    assert _kept(response)


def test_a_revalidated_current_file_is_still_kept(client, app):
    url = f"/assets/portal.css?v={app.extensions['static_digests']('portal.css')}"
    etag = client.get(url).headers["ETag"]
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert _kept(response)


def test_the_digest_follows_the_content_and_stays_inside_the_folder(tmp_path):
    folder = tmp_path / "static"
    folder.mkdir()
    (tmp_path / "secret.txt").write_text("outside")
    file = folder / "site.css"
    file.write_text("body { color: black }")
    digests = Digests(str(folder), watch=True)
    first = digests("site.css")
    assert re.fullmatch(r"[0-9a-f]{12}", first)
    assert digests("site.css") == first
    file.write_text("body { color: #0b0c0c }")
    assert digests("site.css") != first
    assert digests("../secret.txt") is None
    assert digests("missing.css") is None


def test_without_watching_a_digest_is_worked_out_once(tmp_path):
    file = tmp_path / "site.css"
    file.write_text("body { color: black }")
    digests = Digests(str(tmp_path))
    first = digests("site.css")
    file.write_text("body { color: #0b0c0c }")
    assert digests("site.css") == first  # a release restarts the app; until then, no disk look-ups
    assert Digests(str(tmp_path))("site.css") != first
