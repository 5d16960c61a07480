"""How long recognising a job ad takes, by the ad's length: `python -m bench.job_ads` prints JSON.

Run by bench/run.py against its temporary database (the shipped aliases). The ads
are the annotated corpus joined end to end and cut to each length, so the text
reads like real postings at every size. Each length is recognised `REPEATS` times
and the fastest run counts (the others measure the machine's other work). The time is
this thread's CPU time: on a busy machine a run of 20 ms is interrupted by other
programs far more often than one of 2 ms, so wall-clock time would grow faster than the
work does; the fastest wall-clock time is reported beside it.
"""

import json
import os
import sys
import time

import django

SIZES = (3_750, 7_500, 15_000, 30_000)
REPEATS = 15


def measure() -> dict:
    from career.management.commands.job_ad_recognition import CORPUS
    from career.recognition_corpus import corpus_read
    from career.selectors import recognition_matcher_get, seniority_years_list

    matcher, seniorities = recognition_matcher_get(), seniority_years_list()
    corpus = "\n\n".join(ad.text for ad in corpus_read(CORPUS))
    text = (corpus * (SIZES[-1] // len(corpus) + 1))[: SIZES[-1]]
    cpu, wall = {}, {}
    for size in SIZES:
        ad = text[:size]
        best_cpu = best_wall = float("inf")
        for _ in range(REPEATS):
            started_cpu, started_wall = time.thread_time(), time.perf_counter()
            matcher.recognise(ad, title="Senior Machine Learning Engineer", seniorities=seniorities)
            best_cpu = min(best_cpu, time.thread_time() - started_cpu)
            best_wall = min(best_wall, time.perf_counter() - started_wall)
        cpu[str(size)], wall[str(size)] = best_cpu * 1000, best_wall * 1000
    return {"ms_by_chars": cpu, "wall_ms_by_chars": wall}


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    sys.stdout.write(json.dumps(measure()))
