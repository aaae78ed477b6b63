"""Safe, polite fetching.

Address policy (``check_url``): only http(s); the host is resolved once, every address it
resolves to must be public unless private addresses are allowed, and the connection then goes
to that resolved address (the Host header and TLS SNI carry the name), so a DNS answer cannot
change between the check and the connection. Every redirect is checked the same way.

Politeness: a User-Agent naming livebrief, conditional GET (ETag / Last-Modified), a per-host
interval, timeouts, a body-size cap, a redirect limit, and robots.txt for page fetches.
"""
from __future__ import annotations

import ipaddress
import socket
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

from ..errors import FetchError, HTTPStatusError, PolicyError, TooLargeError
from ..settings import Options


@dataclass(frozen=True)
class Target:
    url: str
    scheme: str
    host: str
    port: int
    address: str  # the resolved IP the connection goes to


def _is_public(ip: ipaddress._BaseAddress) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not (ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_reserved
                or ip.is_multicast or ip.is_unspecified or not ip.is_global)


def check_url(url: str, *, allow_private: bool = False, resolver=socket.getaddrinfo) -> Target:
    """Resolve ``url`` once and check it against the address policy, or raise PolicyError."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise PolicyError(f"malformed URL {url!r}: {exc}") from exc
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise PolicyError(f"refused scheme {scheme or '(none)'!r}: only http and https are fetched")
    host = parts.hostname
    if not host:
        raise PolicyError(f"refused {url!r}: no host")
    port = port or (443 if scheme == "https" else 80)
    try:
        infos = resolver(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError) as exc:
        raise FetchError(f"cannot resolve host {host!r}: {exc}") from exc
    addresses = []
    for info in infos:
        ip = ipaddress.ip_address(info[4][0].split("%")[0])
        if not allow_private and not _is_public(ip):
            raise PolicyError(
                f"refused {host!r}: it resolves to {ip}, a loopback, private, link-local or reserved "
                "address (use --allow-private for trusted deployments)")
        addresses.append(str(ip))
    if not addresses:
        raise FetchError(f"cannot resolve host {host!r}: no addresses")
    return Target(url=url, scheme=scheme, host=host, port=port, address=addresses[0])


@dataclass
class Response:
    url: str                 # the final URL, after redirects
    status: int
    headers: dict[str, str]
    body: bytes = b""
    history: list[str] = field(default_factory=list)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class Fetcher:
    """One fetcher per run: it holds the per-host clock and the robots.txt cache."""

    def __init__(self, options: Options, *, resolver=socket.getaddrinfo):
        import httpx  # imported here: ingest of local files never needs it

        self.options = options
        self.resolver = resolver
        self._client = httpx.Client(timeout=options.timeout_s, follow_redirects=False, trust_env=False)
        self._httpx = httpx
        self._last: dict[str, float] = {}
        self._clock = threading.Lock()
        self._robots: dict[str, RobotFileParser | None] = {}

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _wait_turn(self, host: str) -> None:
        with self._clock:
            last = self._last.get(host)
            now = time.monotonic()
            wait = 0.0 if last is None else self.options.host_interval_s - (now - last)
            self._last[host] = now + max(wait, 0.0)
        if wait > 0:
            time.sleep(wait)

    def _one(self, target: Target, headers: dict[str, str]):
        host_header = target.host if target.port in (80, 443) else f"{target.host}:{target.port}"
        addr = f"[{target.address}]" if ":" in target.address else target.address
        parts = urlsplit(target.url)
        direct = urlunsplit((target.scheme, f"{addr}:{target.port}", parts.path or "/", parts.query, ""))
        req = self._client.build_request(
            "GET", direct, headers={**headers, "Host": host_header, "User-Agent": self.options.user_agent},
            extensions={"sni_hostname": target.host} if target.scheme == "https" else {})
        return self._client.send(req, stream=True)

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
            check_robots: bool = False, max_bytes: int | None = None) -> Response:
        """GET ``url`` under the policy; raises PolicyError, FetchError, HTTPStatusError, TooLargeError."""
        limit = max_bytes or self.options.max_body_bytes
        headers = {"Accept-Encoding": "gzip, deflate"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        history: list[str] = []
        current = url
        for _ in range(self.options.max_redirects + 1):
            target = check_url(current, allow_private=self.options.allow_private, resolver=self.resolver)
            if check_robots and self.options.respect_robots and not self.allowed_by_robots(current):
                raise PolicyError(f"robots.txt of {target.host} disallows {current}")
            self._wait_turn(target.host)
            try:
                resp = self._one(target, headers)
            except self._httpx.TimeoutException as exc:
                raise FetchError(f"timed out after {self.options.timeout_s:g}s fetching {current}") from exc
            except self._httpx.HTTPError as exc:
                raise FetchError(f"cannot fetch {current}: {exc.__class__.__name__}: {exc}") from exc
            try:
                if resp.status_code in (301, 302, 303, 307, 308) and "location" in resp.headers:
                    history.append(current)
                    current = urljoin(current, resp.headers["location"])
                    continue
                hdrs = {k.lower(): v for k, v in resp.headers.items()}
                declared = hdrs.get("content-length")
                if declared and declared.isascii() and declared.isdigit() and int(declared) > limit:
                    raise TooLargeError(f"{current} declares {declared} bytes, over the {limit}-byte limit")
                body = bytearray()
                try:
                    for chunk in resp.iter_bytes():
                        body.extend(chunk)
                        if len(body) > limit:
                            raise TooLargeError(f"{current} sent more than the {limit}-byte limit")
                except self._httpx.TimeoutException as exc:
                    raise FetchError(f"timed out after {self.options.timeout_s:g}s reading {current}") from exc
                except self._httpx.HTTPError as exc:
                    raise FetchError(f"cannot read {current}: {exc}") from exc
                out = Response(current, resp.status_code, hdrs, bytes(body), history)
            finally:
                resp.close()
            if out.status >= 400:
                raise HTTPStatusError(f"HTTP {out.status} from {current}", out.status)
            return out
        raise FetchError(f"more than {self.options.max_redirects} redirects from {url}")

    def allowed_by_robots(self, url: str) -> bool:
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}"
        if key not in self._robots:
            parser: RobotFileParser | None = None
            try:
                resp = self.get(key + "/robots.txt", max_bytes=500_000)
                parser = RobotFileParser()
                parser.parse(resp.body.decode("utf-8", "replace").splitlines())
            except HTTPStatusError as exc:
                # 4xx: no robots.txt means everything is allowed; 5xx: play safe, disallow
                parser = None if exc.status < 500 else RobotFileParser()
                if parser is not None:
                    parser.disallow_all = True
            except FetchError:
                parser = None
            self._robots[key] = parser
        parser = self._robots[key]
        return True if parser is None else parser.can_fetch(self.options.user_agent, url)
