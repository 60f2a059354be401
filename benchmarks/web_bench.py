"""Phone companion benchmark: what a page weighs, and how many live phones one server keeps current.

Run:  python -m benchmarks.web_bench [--phones 1000] [--calls 5] [--spacing 2.0]
                                     [--backend sqlite|postgres|both] [--pg-url URL]
                                     [--client raw|httpx]

1. weight, once: the pages of the demo office (five services, five counters) mid-morning, served
   by a real `python -m web`: a waiting ticket's page, a finished one's (with the survey form) and
   the office page; their body bytes as sent without and with gzip, and how many requests a
   browser makes to show each (the page itself; its live update stream is one more connection,
   opened once the page is shown).
Then for each backend (a SQLite file in a temporary folder; a fresh PostgreSQL schema, dropped
afterwards), a `python -m web` server process on 127.0.0.1 with its default limits, and:
2. phones: steps of 100, 250, 500, 1000 (up to --phones) connected phones, each an open event
   stream (`/t/{token}/events`) of its own waiting ticket, held by a client in its own process
   (so that it does not take the server's CPU time slices in the same interpreter). Ten phones
   share each source address, 127.0.x.y (Linux accepts any 127/8 source), as behind a small NAT:
   well within the default per-client limits, which stay as they ship. In each step a third
   process calls the next ticket --calls times, --spacing seconds apart, and notes the wall-clock
   time right after each commit. Every call moves every phone one place up the line, so each
   stream must get an event for it: a stream's ticket at line position p with `ahead` people in
   front of it has seen p - ahead calls. Delivery latency = arrival of the first event that
   reflects the call - its commit time (the same clock: one machine). Per step: median, p99 and
   max over all calls x streams, the share delivered within 1 s, the server's resident memory and
   its CPU time during the calls (% of one core), and the client's CPU, to show it kept up.

The client: `raw` is a minimal HTTP/1.1 reader on asyncio streams (chunked framing, SSE lines);
`httpx` uses httpx.AsyncClient streams (one client per source address). On the 2-core development
machine both hold 1000 streams and deliver alike, but the raw one needs about a third of the CPU
time httpx does for the same events (1.8 % against 6.1 % of a core at 1000 phones), so it is
the default: the client must not compete with the server it measures.

Target (the issue): 500 phones, every update within 1 s. Figures are printed, a missed target is
marked, nothing is asserted; the exit code is 0 all the same.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gzip
import json
import math
import multiprocessing as mp
import os
import re
import resource
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from multiprocessing.connection import Connection
from pathlib import Path
from typing import ClassVar

import httpx

from benchmarks.queue_bench import BackendUnavailable, pg_schema
from db.errors import NobodyWaiting
from db.office_config import (
    CounterConfig,
    OfficeConfig,
    PriorityConfig,
    ServiceConfig,
    load_config,
)
from db.ops.setup import DEMO_CONFIG, apply_config
from db.services.calls import call_next, finish
from db.services.tickets import issue_ticket
from db.store import schema
from db.store.engine import Database, open_database
from tests.helpers.web_server import WebServer, start_subprocess, stop
from web.texts import TEXTS

PG_ENV = "WALKIN_TEST_PG_URL"
DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"

HOST = "127.0.0.1"
STEPS = (100, 250, 500, 1000)
PHONES_PER_ADDRESS = 10
OPEN_CONCURRENCY = 50  # streams being opened at once (a crowd arriving, not a thundering herd)
READY_TIMEOUT_S = 60.0  # server start, and each step's streams opening, on a loaded machine
SETTLE_S = 5.0  # after a step's last call: how long late events may still arrive
IDLE_S = 2.0
TARGET_PHONES = 500
TARGET_S = 1.0
MISSED = "TARGET MISSED"


def bench_office(counters: int) -> OfficeConfig:
    """One service without a quota, and a counter per call: `call_next` refuses a counter whose
    ticket is still called, and finishing would add events that are not calls."""
    return OfficeConfig(
        name="Kantor Benchmark",
        timezone="Asia/Jakarta",
        priority=PriorityConfig(policy="strict", ratio=2, fairness_minutes=60, daily_cap=None),
        services=(ServiceConfig("A", "Paspor Baru", "New passport", daily_quota=None),),
        counters=tuple(
            CounterConfig(number, f"Loket {number}", (("A", 1),))
            for number in range(1, counters + 1)
        ),
    )


# --- figures --------------------------------------------------------------------------------------


def percentile(values: Sequence[float], share: float) -> float:
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def clock_ticks() -> int:
    return os.sysconf("SC_CLK_TCK")


def process_cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process so far (/proc/PID/stat fields 14 and 15)."""
    raw = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    fields = raw[raw.rindex(")") + 2 :].split()  # the name may hold spaces: skip past it
    return (int(fields[11]) + int(fields[12])) / clock_ticks()


def process_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return math.nan


def raise_open_files_limit() -> int:
    """Thousands of sockets need more than the usual soft limit of 1024 descriptors; children
    (server, client) inherit the raised limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 8192 if hard == resource.RLIM_INFINITY else min(hard, 8192)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
        return wanted
    return soft


# --- databases and the server ---------------------------------------------------------------------


@contextmanager
def database_url(backend: str, pg_url: str, folder: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{folder / f'web-{uuid.uuid4().hex[:8]}.sqlite3'}"
        return
    with pg_schema(pg_url) as url:
        yield url


def prepare(url: str, tickets: int, counters: int) -> list[str]:
    """Migrate, configure, and issue `tickets` tickets; their tokens in line order."""
    db = open_database(url)
    try:
        schema.upgrade(db)
        apply_config(db, bench_office(counters))
        return [issue_ticket(db, "A").token for _ in range(tickets)]
    finally:
        db.dispose()


def server_port(server: WebServer) -> int:
    return int(server.base_url.rsplit(":", 1)[1])


def server_pid(server: WebServer) -> int:
    assert server.process is not None
    return server.process.pid


# --- 1. page weight -------------------------------------------------------------------------------


class _Loads(HTMLParser):
    """Counts what a browser would fetch to show the page: scripts, style sheets, images, frames,
    media (data: URLs and plain links are not fetched)."""

    FETCHED: ClassVar[dict[str, str]] = {
        "script": "src",
        "img": "src",
        "iframe": "src",
        "source": "src",
        "video": "src",
    }

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "link":
            rel = (values.get("rel") or "").lower()
            wanted = "href" if rel in ("stylesheet", "icon", "preload", "manifest") else None
        else:
            wanted = self.FETCHED.get(tag)
        url = values.get(wanted) if wanted else None
        if url and not url.startswith("data:"):
            self.urls.append(url)


def requests_to_show(page: str) -> int:
    """The page itself plus every resource it loads (also CSS url(...) and @import)."""
    parser = _Loads()
    parser.feed(page)
    css = re.findall(r"url\(\s*['\"]?(?!data:)[^'\")]+|@import", page)
    return 1 + len(parser.urls) + len(css)


@dataclass(frozen=True)
class Weight:
    name: str
    raw_bytes: int
    gzip_bytes: int
    sent_gzipped: bool
    requests: int


def page_weight(client: httpx.Client, name: str, url: str) -> Weight:
    plain = client.get(url, headers={"Accept-Encoding": "identity"})
    plain.raise_for_status()
    packed = client.get(url, headers={"Accept-Encoding": "gzip"})
    packed.raise_for_status()
    sent_gzipped = packed.headers.get("content-encoding") == "gzip"
    # num_bytes_downloaded counts the body as it crossed the wire (still compressed).
    gzip_bytes = (
        packed.num_bytes_downloaded if sent_gzipped else len(gzip.compress(plain.content, 6))
    )
    return Weight(name, len(plain.content), gzip_bytes, sent_gzipped, requests_to_show(plain.text))


def demo_morning(url: str) -> dict[str, str]:
    """The demo office mid-morning: tickets of every service, every counter called once, one
    ticket finished (its page carries the survey). Tokens of a waiting and a finished ticket."""
    db = open_database(url)
    try:
        schema.upgrade(db)
        config = load_config(DEMO_CONFIG)
        apply_config(db, config)
        tokens: dict[str, str] = {}
        for _ in range(4):
            for service in config.services:
                issued = issue_ticket(db, service.code)
                tokens[issued.ticket.code] = issued.token
        for counter in config.counters:
            # A counter of a later step only (photo, interview) has nobody before a first finish.
            with contextlib.suppress(NobodyWaiting):
                call_next(db, counter.number)
        # The last counter serves one-step services: its finish ends a visit, whose page has the
        # survey (a first step's finish only queues the next step).
        finished = finish(db, config.counters[-1].number)
        return {"waiting": issued.token, "finished": tokens[finished.code]}
    finally:
        db.dispose()


def measure_weights(folder: Path) -> list[Weight]:
    """The pages of the demo office (five services, five counters), as a phone would get them."""
    url = f"sqlite:///{folder / 'weight.sqlite3'}"
    tokens = demo_morning(url)
    server = start_subprocess(url)
    base = server.base_url
    try:
        # trust_env=False: a proxy set in the environment must not stand between us and the server.
        with httpx.Client(trust_env=False, timeout=30, headers={"Accept-Language": "id"}) as client:
            return [
                page_weight(client, "ticket page, waiting", f"{base}/t/{tokens['waiting']}"),
                page_weight(client, "ticket page, survey", f"{base}/t/{tokens['finished']}"),
                page_weight(client, "office page /", f"{base}/"),
            ]
    finally:
        stop(server)


def print_weights(weights: Sequence[Weight]) -> None:
    print(
        "\n=== page weight: the demo office (body bytes; requests a browser makes to show it) ==="
    )
    for weight in weights:
        how = "as sent" if weight.sent_gzipped else "computed: the server sent it plain"
        print(
            f"  {weight.name:<22} {weight.raw_bytes:>7,} B raw  {weight.gzip_bytes:>6,} B gzip "
            f"({how})  requests: {weight.requests} (+1 event stream)"
        )


# --- the client process: many event streams -------------------------------------------------------

Record = tuple[int, int, float]  # phone index, `ahead` in the event (-1: not waiting), arrival


def source_address(phone: int) -> str:
    group = phone // PHONES_PER_ADDRESS
    return f"127.0.{1 + group // 250}.{1 + group % 250}"


# The card as the server renders it for the phones, which ask for Indonesian ("1 orang ..." too).
_NEXT = TEXTS["id"]["ahead_0"]
_AHEAD = re.compile(re.escape(TEXTS["id"]["ahead_n"]).replace(re.escape("{n}"), r"(\d+)"))


def _ahead(data: bytes) -> int:
    """The people ahead, read from the rendered card of a ticket event."""
    card = json.loads(data).get("card", "")
    if _NEXT in card:
        return 0
    found = _AHEAD.search(card)
    return int(found.group(1)) if found else -1


class Streams:
    """The open streams of the client process and every ticket event they receive."""

    def __init__(self, host: str, port: int, kind: str) -> None:
        self.host, self.port, self.kind = host, port, kind
        self.records: list[Record] = []
        self.failures: list[str] = []
        self._tasks: set[asyncio.Task[None]] = set()
        self._clients: dict[str, httpx.AsyncClient] = {}

    async def open(self, phones: Sequence[tuple[int, str]]) -> float:
        """Open a stream per (index, token); return once each had its first ticket event."""
        started = time.monotonic()
        gate = asyncio.Semaphore(OPEN_CONCURRENCY)
        loop = asyncio.get_running_loop()
        ready = [loop.create_future() for _ in phones]
        for (index, token), first in zip(phones, ready, strict=True):
            task = asyncio.create_task(self._follow(index, token, gate, first))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        await asyncio.wait_for(asyncio.gather(*ready), READY_TIMEOUT_S)
        return time.monotonic() - started

    async def _follow(
        self, index: int, token: str, gate: asyncio.Semaphore, first: asyncio.Future[None]
    ) -> None:
        try:
            if self.kind == "httpx":
                await self._follow_httpx(index, token, gate, first)
            else:
                await self._follow_raw(index, token, gate, first)
        except Exception as error:  # a failed stream is a figure, not a crash
            self.failures.append(f"phone {index}: {type(error).__name__}: {error}")
        finally:
            if not first.done():
                first.set_result(None)

    def _record(self, index: int, data: bytes, first: asyncio.Future[None]) -> None:
        self.records.append((index, _ahead(data), time.time()))
        if not first.done():
            first.set_result(None)

    async def _follow_raw(
        self, index: int, token: str, gate: asyncio.Semaphore, first: asyncio.Future[None]
    ) -> None:
        async with gate:
            reader, writer = await asyncio.open_connection(
                self.host, self.port, local_addr=(source_address(index), 0)
            )
            request = (
                f"GET /t/{token}/events HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
                "Accept: text/event-stream\r\nAccept-Language: id\r\n\r\n"
            )
            writer.write(request.encode("ascii"))
            head = await reader.readuntil(b"\r\n\r\n")
        status = head.split(b" ", 2)[1]
        if status != b"200":
            writer.close()
            raise RuntimeError(f"HTTP {status.decode()}")
        chunked = b"transfer-encoding: chunked" in head.lower()
        pending = b""
        try:
            while True:
                if chunked:
                    size = int((await reader.readuntil(b"\r\n")).strip(), 16)
                    if size == 0:
                        return
                    data = (await reader.readexactly(size + 2))[:-2]
                else:
                    data = await reader.read(65536)
                    if not data:
                        return
                pending += data
                *blocks, pending = pending.split(b"\n\n")
                for block in blocks:
                    if block.startswith(b"event: ticket\ndata: "):
                        self._record(index, block[20:], first)
        finally:
            writer.close()

    async def _follow_httpx(
        self, index: int, token: str, gate: asyncio.Semaphore, first: asyncio.Future[None]
    ) -> None:
        address = source_address(index)
        client = self._clients.get(address)
        if client is None:
            transport = httpx.AsyncHTTPTransport(
                local_address=address, limits=httpx.Limits(max_connections=None)
            )
            client = httpx.AsyncClient(transport=transport, timeout=None, trust_env=False)
            self._clients[address] = client
        url = f"http://{self.host}:{self.port}/t/{token}/events"
        await gate.acquire()
        released = False
        try:
            async with client.stream("GET", url, headers={"Accept-Language": "id"}) as response:
                gate.release()
                released = True
                if response.status_code != 200:
                    raise RuntimeError(f"HTTP {response.status_code}")
                kind = ""
                async for line in response.aiter_lines():
                    if line.startswith("event: "):
                        kind = line[7:]
                    elif line.startswith("data: ") and kind == "ticket":
                        self._record(index, line[6:].encode(), first)
        finally:
            if not released:
                gate.release()

    @property
    def open_streams(self) -> int:
        return len(self._tasks)

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        for client in self._clients.values():
            await client.aclose()


async def _serve_commands(streams: Streams, pipe: Connection) -> None:
    loop = asyncio.get_running_loop()
    while True:
        command, payload = await loop.run_in_executor(None, pipe.recv)
        if command == "open":
            failed_before = len(streams.failures)
            try:
                seconds = await streams.open(payload)
            except TimeoutError:
                seconds = math.nan
            pipe.send((seconds, streams.failures[failed_before:]))
        elif command == "collect":
            cpu = os.times()
            records, streams.records = streams.records, []
            pipe.send((records, cpu.user + cpu.system, streams.open_streams))
        else:
            await streams.close()
            pipe.send(None)
            return


def client_main(host: str, port: int, kind: str, pipe: Connection) -> None:
    asyncio.run(_serve_commands(Streams(host, port, kind), pipe))


# --- the caller process ---------------------------------------------------------------------------


def caller_main(url: str, pipe: Connection) -> None:
    """Calls to the counter it is sent, and answers with the wall-clock time after the commit."""
    db: Database = open_database(url)
    try:
        while (counter := pipe.recv()) is not None:
            call_next(db, counter)
            pipe.send(time.time())
    finally:
        db.dispose()


# --- 2. phones ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StepResult:
    phones: int
    open_s: float
    open_failures: int
    latencies: list[float]  # seconds, one per call and stream; inf: never arrived
    streams_alive: int
    server_rss_mb: float
    server_idle_cpu: float  # % of one core holding the streams, before the calls
    server_cpu: float  # % of one core during the calls
    client_cpu: float


def delivery_latencies(
    records: Sequence[Record], commits: Sequence[float], first_call: int, positions: dict[int, int]
) -> list[float]:
    """For every stream and every call of the step: arrival of the first event reflecting it (the
    ticket at line position p with `ahead` in front has seen p - ahead calls) - commit time."""
    by_phone: dict[int, list[tuple[float, float]]] = {phone: [] for phone in positions}
    for phone, ahead, at in records:
        if phone in by_phone:
            # A ticket no longer waiting has seen every call.
            seen = float(positions[phone] - ahead) if ahead >= 0 else math.inf
            by_phone[phone].append((at, seen))
    latencies: list[float] = []
    for events in by_phone.values():
        events.sort()
        for number, committed in enumerate(commits, start=first_call):
            arrival = next((at for at, seen in events if seen >= number), None)
            latencies.append(math.inf if arrival is None else max(0.0, arrival - committed))
    return latencies


class PhoneBench:
    """One server, one client process, one caller process; the steps share the open streams."""

    def __init__(self, url: str, server: WebServer, tokens: list[str], args: argparse.Namespace):
        self.url, self.server, self.tokens, self.args = url, server, tokens, args
        # Phones follow the tickets after every one that any step will call: all stay waiting.
        self.first_followed = len(step_sizes(args.phones)) * args.calls
        self.calls_made = 0
        self.followed: dict[int, int] = {}  # phone index -> line position of its ticket
        self._client_cpu_s = 0.0
        spawn = mp.get_context("spawn")
        self._client_pipe, theirs = spawn.Pipe()
        self._client = spawn.Process(
            target=client_main, args=(HOST, server_port(server), args.client, theirs), daemon=True
        )
        self._caller_pipe, theirs_too = spawn.Pipe()
        self._caller = spawn.Process(target=caller_main, args=(url, theirs_too), daemon=True)
        self._client.start()
        self._caller.start()

    def step(self, phones: int) -> StepResult:
        """Connect phones up to `phones`, make the step's calls, and see them arrive."""
        first = self.first_followed
        new = [(i, self.tokens[first + i]) for i in range(len(self.followed), phones)]
        self._client_pipe.send(("open", new))
        open_s, failures = self._client_pipe.recv()
        self.followed.update({i: first + i for i, _ in new})
        self._collect()  # drop the opening events
        pid = server_pid(self.server)
        cpu_before, wall_before = process_cpu_s(pid), time.monotonic()
        time.sleep(IDLE_S)  # what holding the streams costs, with nothing happening
        idle_cpu = (process_cpu_s(pid) - cpu_before) / (time.monotonic() - wall_before) * 100
        cpu_before, wall_before = process_cpu_s(pid), time.monotonic()
        first_call = self.calls_made + 1
        commits = []
        for _ in range(self.args.calls):
            self.calls_made += 1
            self._caller_pipe.send(self.calls_made)  # counter n takes the n-th call
            commits.append(self._caller_pipe.recv())
            time.sleep(self.args.spacing)
        time.sleep(max(0.0, SETTLE_S - self.args.spacing))
        server_cpu = process_cpu_s(pid) - cpu_before
        wall = time.monotonic() - wall_before
        records, client_cpu, alive = self._collect()
        return StepResult(
            phones=phones,
            open_s=open_s,
            open_failures=len(failures),
            latencies=delivery_latencies(records, commits, first_call, self.followed),
            streams_alive=alive,
            server_rss_mb=process_rss_mb(pid),
            server_idle_cpu=idle_cpu,
            server_cpu=server_cpu / wall * 100,
            client_cpu=client_cpu / wall * 100,
        )

    def _collect(self) -> tuple[list[Record], float, int]:
        """The events since the last collect, the client's CPU seconds since then, and how many
        of its streams are still open."""
        self._client_pipe.send(("collect", None))
        records, cpu_total, alive = self._client_pipe.recv()
        cpu, self._client_cpu_s = cpu_total - self._client_cpu_s, cpu_total
        return records, cpu, alive

    def close(self) -> None:
        with contextlib.suppress(OSError, EOFError):
            self._caller_pipe.send(None)
            self._client_pipe.send(("stop", None))
            self._client_pipe.recv()
        for process in (self._caller, self._client):
            process.join(timeout=20)
            if process.is_alive():
                process.kill()


def print_step(result: StepResult) -> None:
    values = result.latencies
    delivered = [v for v in values if math.isfinite(v)]
    within = sum(1 for v in values if v <= TARGET_S) / len(values) if values else math.nan
    worst = max(values) if values else math.nan
    mark = ""
    if result.phones == TARGET_PHONES and not within >= 1.0:
        mark = f"   {MISSED}"
    print(
        f"  {result.phones:>6} {result.open_s:>7.1f} {result.open_failures:>5} "
        f"{len(delivered):>6}/{len(values):<6}"
        f"{statistics.median(values) * 1000 if values else math.nan:>8.0f}"
        f"{percentile(values, 0.99) * 1000:>8.0f}{worst * 1000:>8.0f}"
        f"{within * 100:>8.1f}%{result.server_rss_mb:>8.0f}{result.server_idle_cpu:>8.1f}"
        f"{result.server_cpu:>8.1f}{result.client_cpu:>8.1f}{mark}"
    )


def step_sizes(phones: int) -> list[int]:
    return [n for n in STEPS if n < phones] + [phones]


def run_phones(url: str, server: WebServer, tokens: list[str], args: argparse.Namespace) -> None:
    print(
        f"-- connected phones: {args.calls} calls per step, {args.spacing:g} s apart; "
        f"client: {args.client}; latency in ms from commit to event"
    )
    print(
        f"  {'phones':>6} {'open s':>7} {'fail':>5} {'delivered':>13}{'median':>8}{'p99':>8}"
        f"{'max':>8}{'<=1 s':>9}{'RSS MB':>8}{'idle %':>8}{'calls %':>8}{'cli %':>8}"
    )
    bench = PhoneBench(url, server, tokens, args)
    try:
        for phones in step_sizes(args.phones):
            print_step(bench.step(phones))
    finally:
        bench.close()
    print(
        f"  (target: {TARGET_PHONES} phones, every update within {TARGET_S:g} s. CPU in % of one "
        f"core: idle %: the server\n   holding the streams for {IDLE_S:g} s before the calls; "
        "calls %: the server from the first call until the\n   step's end; cli %: the client "
        "meanwhile. RSS: the server's resident memory)"
    )


def run_backend(backend: str, args: argparse.Namespace, folder: Path) -> None:
    total_calls = len(step_sizes(args.phones)) * args.calls
    with database_url(backend, args.pg_url, folder) as url:
        started = time.monotonic()
        tokens = prepare(url, total_calls + args.phones, counters=total_calls)
        print(
            f"\n=== {backend}: {len(tokens)} tickets issued in {time.monotonic() - started:.0f} s"
            " ==="
        )
        server = start_subprocess(url)
        try:
            run_phones(url, server, tokens, args)
        finally:
            stop(server)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.web_bench")
    parser.add_argument("--phones", type=int, default=1000, help="the largest step (default 1000)")
    parser.add_argument("--calls", type=int, default=5, help="calls per step (default 5)")
    parser.add_argument("--spacing", type=float, default=2.0, help="seconds between calls")
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--pg-url", default=os.environ.get(PG_ENV) or DEFAULT_PG_URL)
    parser.add_argument("--client", choices=["raw", "httpx"], default="raw")
    args = parser.parse_args(argv)
    if args.phones < 1 or args.calls < 1 or args.spacing <= 0:
        parser.error("--phones and --calls must be at least 1, --spacing more than 0")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    limit = raise_open_files_limit()
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"web bench: {os.cpu_count()} cores, Python {sys.version.split()[0]}, open files limit "
        f"{limit}, load average {load}"
    )
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    with tempfile.TemporaryDirectory() as folder:
        print_weights(measure_weights(Path(folder)))
        for backend in backends:
            started = time.monotonic()
            try:
                run_backend(backend, args, Path(folder))
            except BackendUnavailable as error:
                print(f"\n=== {backend}: skipped, unavailable: {error} ===")
                continue
            print(f"  ({backend} took {time.monotonic() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
