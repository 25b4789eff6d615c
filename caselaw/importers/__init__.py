"""Bringing cases in from outside: PACER docket reports (pacer.py, read with juriscraper),
merged into what we hold (plan.py, merge.py, apply.py) through services.py.

Names are loaded on first use: caselaw.models imports caselaw.importers.models while
Django loads its apps, before the modules below (which use the models) can be imported.
"""

import importlib

EXPORTS = {
    "DocketImportError": "pacer",
    "ParsedDocket": "pacer",
    "parse_docket": "pacer",
    "ImportPlan": "plan",
    "plan_import": "plan",
    "ImportResult": "apply",
    "apply_import": "apply",
    "docket_import_preview": "services",
    "docket_import_apply": "services",
}
__all__ = sorted(EXPORTS)


def __getattr__(name):
    if name not in EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{EXPORTS[name]}"), name)
