"""axe-core checks for the browser tests: serious and critical findings fail a test."""

from collections.abc import Collection

from axe_playwright_python.sync_playwright import Axe

SERIOUS_IMPACTS = ("serious", "critical")


def axe_serious_violations(page, *, ignore: Collection[tuple[str, str]] = ()) -> tuple[list[str], str]:
    """axe's serious and critical findings on the page as "rule: selectors" lines, and its full report.

    `ignore` lists (rule, selector) pairs to leave out: markup we do not own, each with its reason
    where it is passed.
    """
    results = Axe().run(page)
    found = []
    for violation in results.response["violations"]:
        nodes = [node["target"] for node in violation["nodes"] if (violation["id"], node["target"][-1]) not in ignore]
        if violation["impact"] in SERIOUS_IMPACTS and nodes:
            found.append(f"{violation['id']}: {', '.join(' '.join(target) for target in nodes)}")
    return found, results.generate_report() if found else ""


def assert_accessible(page) -> None:
    """No serious or critical axe violation on the page; the full report if there is one."""
    found, report = axe_serious_violations(page)
    assert found == [], report
