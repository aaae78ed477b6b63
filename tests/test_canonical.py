from livebrief.ingest.canonical import canonical_url


def test_tracking_fragment_and_case_are_dropped():
    assert canonical_url("HTTPS://News.Example.ORG:443/a/b?utm_source=x&id=3&fbclid=y&b=2#frag") == \
        "https://news.example.org/a/b?b=2&id=3"


def test_non_default_port_kept_and_empty_path_is_root():
    assert canonical_url("http://example.org:8080") == "http://example.org:8080/"


def test_non_http_schemes_are_not_urls():
    for bad in ("javascript:alert(1)", "file:///etc/passwd", "ftp://x/y", "", None, "http://"):
        assert canonical_url(bad) is None
