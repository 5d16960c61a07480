"""`make bench`: how fast the app serves its pages, measured against Django itself.

The driver builds a throwaway SQLite database (migrate, createcachetable,
load_catalogue), prepares a signed-in candidate through the services
(bench/prepare.py), collects the static files, and starts gunicorn with the
production settings (DEBUG off, a random secret key, ALLOWED_HOSTS=127.0.0.1)
plus the two reference views of bench/urls.py. It serves plain HTTP on
loopback, so the HTTPS-only switches are turned off as `make serve` does.

wrk then measures every page in alternating rounds (each round runs every page
once, in a rotated order, so a burst of load elsewhere on the machine hits all
pages alike). Throughput is compared as a ratio to the two references measured
in the same run, never to a figure from another day:

- the bare page: a minimal template, no database;
- the plain form: a Django form with as many radio fields as the largest
  questionnaire step (five choices each) rendered with `{{ form }}`.

Besides requests per second and latency, the server's own CPU time per request
is read from /proc: on a shared machine other programs change how much CPU the
server gets far more than what each request costs it.

First views are timed separately, one request at a time between the rounds, on
fresh reports: the report page (its body was stored when the report was made)
and the PDF before it was ever rendered. The table goes to stdout and to
docs/benchmarks.md; the exit status is 0 only when every target is met.
"""

import argparse
import http.client
import json
import os
import platform
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from urllib.parse import urlencode

from config import loopback

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
DOC = ROOT / "docs" / "benchmarks.md"
COMMAND = "make bench  (runs .venv/bin/python -m bench.run)"
RATING_CHOICES = 5

# Targets, as ratios of throughput measured in the same run.
STEP_VS_PLAIN_FORM = 3.0
REPORT_VS_BARE = 1 / 10
STORED_PDF_VS_BARE = 1 / 5
# Recognising a 30,000-character job ad: well under 50 ms (at most 60 % of it; the concept rules and
# the clause rules that recall needed took it from about 14 to about 23 ms), and growing no faster than
# the text (time per character at the largest size at most this much above that at the smallest).
JOB_AD_MS_MAX = 30
JOB_AD_PER_CHAR_GROWTH_MAX = 1.5

WRK_SCRIPT = """
local expected = {expected}
wrk.method = "{method}"
wrk.body = {body}
wrk.headers["Cookie"] = {cookie}
{extra_headers}
local threads = {{}}
function setup(thread) table.insert(threads, thread) end
function init(args) unexpected = 0 end
function response(status, headers, body)
  if status ~= expected then unexpected = unexpected + 1 end
end
function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + thread:get("unexpected") end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {{"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "unexpected": %d, ' ..
    '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), bad,
    e.connect, e.read, e.write, e.status, e.timeout))
end
"""


@dataclass
class Target:
    key: str
    label: str
    path: str
    method: str = "GET"
    expect: int = 200
    body: str = ""
    rounds: list[dict] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return sum(r["requests"] for r in self.rounds)

    @property
    def rps(self) -> float:
        return self.requests / (sum(r["duration_us"] for r in self.rounds) / 1e6)

    @property
    def p50_ms(self) -> float:
        return statistics.median(r["p50_us"] for r in self.rounds) / 1000

    @property
    def p99_ms(self) -> float:
        return statistics.median(r["p99_us"] for r in self.rounds) / 1000

    @property
    def cpu_ms(self) -> float:
        """The server's CPU time per request (user + system, all workers): unlike req/s, barely
        moved by other programs competing for the cores."""
        return 1000 * sum(r["cpu_s"] for r in self.rounds) / self.requests

    @property
    def system_ms(self) -> float:
        """The part of cpu_ms spent in the kernel (sockets, files, random numbers) for the server."""
        return 1000 * sum(r["system_s"] for r in self.rounds) / self.requests

    @property
    def errors(self) -> int:
        keys = ("unexpected", "connect", "read", "write", "timeout")
        return sum(r[key] for r in self.rounds for key in keys)


def main() -> int:
    args = _arguments()
    sys.stdout.reconfigure(line_buffering=True)
    wrk = _wrk_path()
    _wait_for_quiet(args.quiet_load)
    started = datetime.now(UTC)
    load_before = os.getloadavg()
    if load_before[0] > (os.cpu_count() or 1):
        print(f"note: the load average is {load_before[0]:.1f}; figures are noisier on a busy machine.")
    with tempfile.TemporaryDirectory(prefix="skills-gap-bench-") as tmp:
        env = _environment(Path(tmp))
        info = _prepare(env, fresh_reports=args.first_views)
        env["BENCH_RADIO_FIELDS"] = str(len(info["radio_fields"]))
        port = _free_port()
        server, log_path = _start_gunicorn(env, port=port, workers=args.workers, tmp=Path(tmp))
        try:
            _wait_until_ready(port, server)
            cookie, token = _candidate_cookie(port, info)
            targets = _targets(info, token)
            _check_targets(port, targets, cookie, info)
            first_views = _measure(port, targets, cookie, info, args, wrk=wrk, tmp=Path(tmp), server_pid=server.pid)
        finally:
            server.terminate()
            server.wait(timeout=30)
        server_errors = _server_errors(log_path)
        job_ads = json.loads(_run(env, "-m", "bench.job_ads"))
    context = {
        "started": started,
        "load": (load_before, os.getloadavg()),
        "args": args,
        "info": info,
        "first_views": first_views,
        "server_errors": server_errors,
        "job_ads": job_ads,
    }
    checks = _checks(targets, server_errors) + _job_ad_checks(job_ads["ms_by_chars"])
    report = _report(targets, checks, context)
    print(report)
    DOC.write_text(report, encoding="utf-8")
    print(f"Written to {DOC.relative_to(ROOT)}.")
    failed = [check.name for check in checks if not check.met]
    if failed:
        print("FAIL: " + "; ".join(failed))
        if load_before[0] > (os.cpu_count() or 1):
            print("The machine was busy: compare the CPU-time ratios, and run again when it is quieter.")
        return 1
    print("PASS: every target met.")
    return 0


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds over every page (default 3)")
    parser.add_argument("--duration", type=int, default=5, help="seconds per page per round (default 5)")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections, the same for every page")
    # Two cores: two sync worker processes keep both busy with Python. Every page,
    # the references included, is served by the same workers: threaded (gthread)
    # workers roughly double what Django's own form rendering costs, which would
    # flatter any page compared with the plain form. wrk shares the same cores,
    # which is why only ratios count.
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync worker processes (default 2)")
    parser.add_argument("--first-views", type=int, default=6, help="fresh reports whose first views are timed")
    parser.add_argument(
        "--quiet-load",
        type=float,
        default=None,
        help="first wait (up to 10 minutes) until the 1-minute load average is at most this",
    )
    return parser.parse_args()


def _wait_for_quiet(limit: float | None) -> None:
    deadline = time.monotonic() + 600
    while limit is not None and os.getloadavg()[0] > limit and time.monotonic() < deadline:
        print(f"Waiting for a quieter machine: load average {os.getloadavg()[0]:.1f} > {limit} ...")
        time.sleep(15)


def _wrk_path() -> str:
    path = shutil.which("wrk")
    if path:
        return path
    apt = shutil.which("apt-get")
    if apt and os.geteuid() == 0:
        print("wrk is missing: installing the Debian package wrk ...")
        install = [apt, "install", "-y", "--no-install-recommends", "-o", "DPkg::Lock::Timeout=300", "wrk"]
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        if subprocess.run(install, env=env, check=False).returncode != 0:  # noqa: S603
            subprocess.run([apt, "update"], env=env, check=False)  # noqa: S603
            subprocess.run(install, env=env, check=False)  # noqa: S603
        path = shutil.which("wrk")
    if not path:
        sys.exit("error: the benchmark needs wrk. Install it (Debian/Ubuntu: `apt-get install wrk`) and run again.")
    return path


def _environment(tmp: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "CACHE_URL"}}
    env |= loopback.ENVIRONMENT | {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "SQLITE_PATH": str(tmp / "bench.sqlite3"),
        "STATIC_ROOT": str(tmp / "static"),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    return env


def _run(env: dict[str, str], *argv: str) -> str:
    done = subprocess.run(  # noqa: S603
        [sys.executable, *argv], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        sys.exit(f"error: `{' '.join(argv)}` failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def _prepare(env: dict[str, str], *, fresh_reports: int) -> dict:
    print("Preparing a temporary SQLite database, the catalogue, a candidate and the static files ...")
    _run(env, "manage.py", "migrate", "--noinput", "--verbosity", "0")
    _run(env, "manage.py", "createcachetable")
    _run(env, "manage.py", "load_catalogue", "--verbosity", "0")
    info = json.loads(_run(env, "-m", "bench.prepare", "--fresh-reports", str(fresh_reports)))
    _run(env, "manage.py", "collectstatic", "--noinput", "--verbosity", "0", *loopback.static_ignore_arguments())
    if info["step_is_last"]:
        sys.exit("error: the largest step is the last one; a valid POST there would finish the assessment.")
    return info


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _start_gunicorn(env, *, port: int, workers: int, tmp: Path):
    log_path = tmp / "gunicorn.log"
    command = [
        str(BIN / "gunicorn"),
        "config.wsgi:application",
        *("--bind", f"{HOST}:{port}", "--worker-class", "sync", "--workers", str(workers)),
        *("--no-control-socket", "--log-level", "warning", "--error-logfile", str(log_path)),
    ]
    print(f"Starting gunicorn: {workers} sync workers on {HOST}:{port} ...")
    return subprocess.Popen(command, cwd=ROOT, env=env), log_path  # noqa: S603


def _request(port: int, method: str, path: str, headers: dict | None = None, body: str = ""):
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        connection.request(method, path, body=body.encode() or None, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        connection.close()


def _wait_until_ready(port: int, server) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit("error: gunicorn stopped while starting.")
        try:
            if _request(port, "GET", "/healthz")[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    sys.exit("error: gunicorn did not answer /healthz within 60 s.")


def _candidate_cookie(port: int, info: dict) -> tuple[str, str]:
    """The candidate's session cookie plus a CSRF cookie, and the form token a browser would send."""
    status, headers, body = _request(port, "GET", _step_path(info), {"Cookie": info["session_cookie"]})
    if status != 200:
        sys.exit(f"error: the questionnaire step answered {status}, not 200.")
    cookies = [value.split(";")[0] for name, value in headers if name.lower() == "set-cookie"]
    csrf = next(cookie for cookie in cookies if cookie.startswith("csrftoken="))
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    return f"{info['session_cookie']}; {csrf}", token


def _step_path(info: dict) -> str:
    return f"/assess/{info['assessment_id']}/{info['step_slug']}/"


def _targets(info: dict, token: str) -> list[Target]:
    answers = {key: str(3) for key in info["radio_fields"]}
    body = urlencode({"csrfmiddlewaretoken": token, **answers, "nav": "next"})
    step = _step_path(info)
    report = f"/reports/{info['report_id']}/"
    fields = len(info["radio_fields"])
    return [
        Target("bare", "Bare page (reference)", "/bench/bare/"),
        Target("form", f"Plain form, {fields} radio fields (reference)", "/bench/plain-form/"),
        Target("home", "Home", "/"),
        Target("role", "Role page", f"/roles/{info['role_slug']}/"),
        Target("step_get", f"Largest step ({info['step_slug']}, {fields} questions) GET", step),
        Target("step_post", "Largest step POST (saves, 302)", step, method="POST", expect=302, body=body),
        # An item waiting for an answer: the GET shows it again; a POST answers it once only.
        Target("check_get", "Knowledge check step (an item) GET", f"/assess/{info['check_assessment_id']}/check/"),
        Target("report", "Report page", report),
        Target("pdf", "Report PDF, stored", f"{report}export.pdf"),
    ]


def _headers(port: int, cookie: str, target: Target) -> dict:
    headers = {"Cookie": cookie}
    if target.method == "POST":
        headers |= {"Content-Type": "application/x-www-form-urlencoded", "Origin": f"http://{HOST}:{port}"}
    return headers


def _check_targets(port: int, targets: list[Target], cookie: str, info: dict) -> None:
    """One request each before measuring: the right status and the right content, or stop."""
    radios = RATING_CHOICES * len(info["radio_fields"])
    content_checks = {
        "form": lambda body: body.count(b'type="radio"') == radios,
        "step_get": lambda body: body.count(b'type="radio"') == radios,
        "check_get": lambda body: body.count(b'name="option"') >= 3 and b'name="item"' in body,
        "report": lambda body: b'data-testid="readiness"' in body,
        "pdf": lambda body: body.startswith(b"%PDF-"),
    }
    for target in targets:
        status, _, body = _request(port, target.method, target.path, _headers(port, cookie, target), target.body)
        if status != target.expect or not content_checks.get(target.key, lambda body: True)(body):
            sys.exit(f"error: {target.method} {target.path} gave {status} (expected {target.expect}) or odd content.")


def _wrk(wrk: str, port: int, target: Target, cookie: str, *, seconds: int, connections: int, tmp: Path) -> dict:
    headers = _headers(port, cookie, target)
    extra = "\n".join(
        f"wrk.headers[{json.dumps(name)}] = {json.dumps(value)}" for name, value in headers.items() if name != "Cookie"
    )
    script = tmp / f"{target.key}.lua"
    script.write_text(
        WRK_SCRIPT.format(
            expected=target.expect,
            method=target.method,
            body=json.dumps(target.body) if target.body else "nil",
            cookie=json.dumps(cookie),
            extra_headers=extra,
        ),
        encoding="utf-8",
    )
    command = [
        wrk,
        *("-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency", "-s", str(script)),
        f"http://{HOST}:{port}{target.path}",
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    line = next((line for line in done.stdout.splitlines() if line.startswith("BENCH_JSON ")), None)
    if done.returncode != 0 or line is None:
        sys.exit(f"error: wrk failed on {target.path}:\n{done.stdout}{done.stderr}")
    return json.loads(line.removeprefix("BENCH_JSON "))


def _measure(port, targets, cookie, info, args, *, wrk: str, tmp: Path, server_pid: int) -> dict[str, list[float]]:
    """Warm every page up, then the alternating rounds; between them, first views of fresh reports:
    the report page (never requested before), then its PDF (not yet rendered)."""
    print("Warming up ...")
    for target in targets:
        _wrk(wrk, port, target, cookie, seconds=1, connections=args.connections, tmp=tmp)
    fresh = list(info["fresh_report_ids"])
    per_round = -(-len(fresh) // args.rounds)
    first_views: dict[str, list[float]] = {"report": [], "pdf": []}
    for number in range(args.rounds):
        order = targets[number % len(targets) :] + targets[: number % len(targets)]
        print(f"Round {number + 1} of {args.rounds}: {', '.join(t.key for t in order)}")
        for target in order:
            user_before, system_before = _workers_cpu_seconds(server_pid)
            result = _wrk(wrk, port, target, cookie, seconds=args.duration, connections=args.connections, tmp=tmp)
            user_after, system_after = _workers_cpu_seconds(server_pid)
            result["system_s"] = system_after - system_before
            result["cpu_s"] = user_after - user_before + result["system_s"]
            target.rounds.append(result)
        for report_id in fresh[number * per_round : (number + 1) * per_round]:
            page, pdf = f"/reports/{report_id}/", f"/reports/{report_id}/export.pdf"
            first_views["report"].append(_first_view_seconds(port, cookie, page, b'data-testid="readiness"'))
            first_views["pdf"].append(_first_view_seconds(port, cookie, pdf, b"%PDF-"))
    return first_views


def _workers_cpu_seconds(master_pid: int) -> tuple[float, float]:
    """User and system CPU time of gunicorn's workers (the master's children), from /proc."""
    user = system = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # a process that ended meanwhile
        if int(fields[1]) == master_pid:  # fields[1] is the parent's pid
            user, system = user + int(fields[11]), system + int(fields[12])  # utime, stime
    return user / os.sysconf("SC_CLK_TCK"), system / os.sysconf("SC_CLK_TCK")


def _first_view_seconds(port: int, cookie: str, path: str, expected: bytes) -> float:
    began = time.perf_counter()
    status, _, body = _request(port, "GET", path, {"Cookie": cookie})
    elapsed = time.perf_counter() - began
    if status != 200 or expected not in body[:100_000]:
        sys.exit(f"error: {path} answered {status} or odd content.")
    return elapsed


def _server_errors(log_path: Path) -> int:
    text = log_path.read_text(encoding="utf-8", errors="replace") if log_path.exists() else ""
    return len(re.findall(r" (ERROR|CRITICAL) |Traceback", text))


@dataclass(frozen=True)
class Check:
    name: str
    needed: str
    by_rps: str  # the ratio of requests per second, as the target is defined
    by_cpu: str  # the same ratio from the server's CPU time per request
    met: bool


def _ratio(value: float) -> str:
    return f"{value:.2f}×" if value >= 1 else f"1/{1 / value:.1f}"


def _checks(targets: list[Target], server_errors: int) -> list[Check]:
    """The issue's targets, judged on requests per second measured in this run."""
    t = {target.key: target for target in targets}
    pairs = [
        ("largest step GET vs plain form", "step_get", "form", STEP_VS_PLAIN_FORM, "≥ 3×"),
        ("knowledge check step GET vs plain form", "check_get", "form", STEP_VS_PLAIN_FORM, "≥ 3×"),
        ("report page vs bare page", "report", "bare", REPORT_VS_BARE, "≥ 1/10"),
        ("stored PDF vs bare page", "pdf", "bare", STORED_PDF_VS_BARE, "≥ 1/5"),
    ]
    checks = []
    for name, page, reference, needed, shown in pairs:
        by_rps = t[page].rps / t[reference].rps
        by_cpu = t[reference].cpu_ms / t[page].cpu_ms
        checks.append(Check(name, shown, _ratio(by_rps), _ratio(by_cpu), by_rps >= needed))
    errors = sum(target.errors for target in targets) + server_errors
    checks.append(Check("errors (all pages, all rounds)", "0", str(errors), "", errors == 0))
    return checks


def _job_ad_checks(ms_by_chars: dict[str, float]) -> list[Check]:
    """Recognising a job ad (bench/job_ads.py): the largest ad's time, and time per character, smallest to largest."""
    sizes = sorted(ms_by_chars, key=int)
    largest = ms_by_chars[sizes[-1]]
    growth = (largest / int(sizes[-1])) / (ms_by_chars[sizes[0]] / int(sizes[0]))
    return [
        Check(
            f"job ad of {int(sizes[-1]):,} characters recognised",
            f"< {JOB_AD_MS_MAX} ms",
            f"{largest:.1f} ms",
            "",
            largest < JOB_AD_MS_MAX,
        ),
        Check(
            "job ad time per character, largest vs smallest",
            f"≤ {JOB_AD_PER_CHAR_GROWTH_MAX}×",
            f"{growth:.2f}×",
            "",
            growth <= JOB_AD_PER_CHAR_GROWTH_MAX,
        ),
    ]


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        match = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.MULTILINE)
        cpu = match.group(1).strip() if match else cpu
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False).stdout.split()  # noqa: S607
    return (
        f"{cpu}, {os.cpu_count()} cores; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}, Django {version('django')}, gunicorn {version('gunicorn')}, "
        f"wrk {wrk_version[1] if len(wrk_version) > 1 else '?'}"
    )


def _report(targets: list[Target], checks, context: dict) -> str:
    args, info = context["args"], context["info"]
    by_key = {t.key: t for t in targets}
    bare, form = by_key["bare"].rps, by_key["form"].rps
    cpu_bare, cpu_form = by_key["bare"].cpu_ms, by_key["form"].cpu_ms
    before, after = context["load"]
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (bench/run.py); run it again to refresh. The load generator shares the",
        "machine with the server, so only the ratios between pages of one run mean anything: compare",
        "them, not the absolute figures, with another run.",
        "",
        f"- Date: {context['started']:%Y-%m-%d %H:%M} UTC",
        f"- Machine: {_machine()}",
        f"- Load average (1 min) before and after: {before[0]:.2f} and {after[0]:.2f}",
        f"- Command: `{COMMAND}`",
        f"- Server: gunicorn, {args.workers} sync workers on {os.cpu_count()} cores, the same for every page, the",
        "  references included (threaded workers roughly double the cost of Django's own form rendering, which",
        "  would flatter our pages). Production settings (DEBUG off, WhiteNoise, sessions and cache in the",
        "  database) on a temporary SQLite database with the shipped catalogue.",
        "- Pages: a signed-in candidate's session and CSRF cookies on every request. The step POST sends a",
        "  valid page of answers (saved, then 302 to the next step). The report page serves the body stored",
        "  with the report when it was completed. A worker keeps in memory only what is built from the catalogue",
        "  or the code, shared by every candidate: the questionnaire, a rating question's HTML for each answer",
        "  and the check items' texts (all rebuilt when the catalogue changes), the menu for signed-in and",
        "  anonymous visitors, the SQL and converters of its plain reads. A candidate's session, user,",
        "  assessment, answers and report are read from the database on every request. First views of the PDF",
        "  are timed below.",
        f"- Load: wrk on loopback, 2 threads, {args.connections} connections, {args.rounds} alternating rounds of",
        f"  {args.duration} s per page after a 1 s warm-up each; p50 and p99 are medians over the rounds.",
        "",
        "| Page | Method | req/s | p50 ms | p99 ms | Errors | CPU ms/req | of which system | × bare | × plain form "
        "| × bare (CPU) | × plain form (CPU) | req/s per round |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for t in targets:
        per_round = ", ".join(f"{r['requests'] / (r['duration_us'] / 1e6):.0f}" for r in t.rounds)
        lines.append(
            f"| {t.label} | {t.method} | {t.rps:.1f} | {t.p50_ms:.1f} | {t.p99_ms:.1f} | {t.errors} | {t.cpu_ms:.2f} "
            f"| {t.system_ms:.2f} | {t.rps / bare:.3f} | {t.rps / form:.2f} | {cpu_bare / t.cpu_ms:.3f} "
            f"| {cpu_form / t.cpu_ms:.2f} | {per_round} |"
        )
    first = context["first_views"]
    if first["pdf"]:
        page, pdf = (statistics.median(first[key]) * 1000 for key in ("report", "pdf"))
        lines += [
            "",
            f"First views: {len(first['pdf'])} fresh reports requested one at a time between the rounds.",
            f"Report page (its body stored when the report was made): median {page:.0f} ms, slowest "
            f"{max(first['report']) * 1000:.0f} ms. Report PDF (rendered by WeasyPrint, then stored): median "
            f"{pdf:.0f} ms, slowest {max(first['pdf']) * 1000:.0f} ms.",
        ]
    job_ads = context["job_ads"]
    lines += [
        "",
        "Recognising a job ad (bench/job_ads.py, in one process, fastest of 15 runs, the annotated ads joined and cut"
        " to length), CPU time (wall-clock): "
        + ", ".join(
            f"{int(size):,} characters {ms:.1f} ms ({job_ads['wall_ms_by_chars'][size]:.1f} ms)"
            for size, ms in job_ads["ms_by_chars"].items()
        )
        + ".",
    ]
    lines += [
        "",
        "Questionnaire steps and their radio fields: "
        + ", ".join(f"{slug} {count}" for slug, count in info["steps"].items())
        + ".",
        f"Errors count unexpected statuses, socket errors and timeouts; server-side errors logged: "
        f"{context['server_errors']}.",
        "",
        "| Target | Needed | Measured (req/s) | Same ratio by CPU time | Result |",
        "| --- | ---: | ---: | ---: | --- |",
        *(f"| {c.name} | {c.needed} | {c.by_rps} | {c.by_cpu} | {'PASS' if c.met else 'FAIL'} |" for c in checks),
        "",
        "Each target is judged on requests per second, as it is defined. CPU ms/req is the server's own",
        "CPU time per request (all workers, user + system, from /proc): other programs on a shared machine",
        "change how much CPU the server gets, and so req/s, far more than they change CPU time per request.",
        "The system part is the kernel's work for the server: sockets, random numbers for the CSRF token,",
        "and memory the allocator maps and returns (most of the plain form's).",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
