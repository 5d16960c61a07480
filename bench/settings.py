"""The benchmark's configuration: the production settings plus the two reference views.

Only `make bench` uses this module. The reference pages exist nowhere else:
config.urls never routes to them.
"""

from config.settings import *  # noqa: F403 (every production setting, unchanged)
from config.settings import INSTALLED_APPS, env

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
ROOT_URLCONF = "bench.urls"

# The plain reference form gets as many radio fields as the questionnaire's
# largest step; the driver counts them in the catalogue and passes the number.
BENCH_RADIO_FIELDS = env.int("BENCH_RADIO_FIELDS", default=8)
