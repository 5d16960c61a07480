"""Production settings rehearsed over plain HTTP on loopback: `make serve`, `make bench` and the load tests.

With DEBUG off every HTTPS-only setting defaults to on (config/settings.py). On
loopback there is no TLS, so a rehearsal turns those off; a real deployment
terminates TLS in front of the app and keeps them on (README, Deploying).

`python -m config.loopback` prints the environment as NAME=value lines for the
Makefile, leaving out whatever the environment already sets;
`python -m config.loopback collectstatic` runs collectstatic without the unused files.
"""

import os
import shlex
import sys

ENVIRONMENT = {
    "DEBUG": "false",
    "SECURE_SSL_REDIRECT": "false",
    "SESSION_COOKIE_SECURE": "false",
    "CSRF_COOKIE_SECURE": "false",
    "SECURE_HSTS_SECONDS": "0",
}

# Bootstrap ships variants we never link; skipping them keeps collectstatic fast.
# Never *.map: the manifest storage follows sourceMappingURL comments.
STATIC_IGNORE = ["*.rtl.*", "*.esm.*", "bootstrap-grid*", "bootstrap-reboot*", "bootstrap-utilities*"]


def static_ignore_arguments() -> list[str]:
    return [argument for pattern in STATIC_IGNORE for argument in ("--ignore", pattern)]


def main(argv: list[str]) -> None:
    if argv == ["collectstatic"]:
        command = ["manage.py", "collectstatic", "--noinput", "--verbosity", "0", *static_ignore_arguments()]
        os.execv(sys.executable, [sys.executable, *command])  # noqa: S606 (a fixed command line)
    for name, value in ENVIRONMENT.items():
        if name not in os.environ:
            print(f"{name}={shlex.quote(value)}")


if __name__ == "__main__":
    main(sys.argv[1:])
