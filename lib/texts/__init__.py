"""Every word the user reads, in Vietnamese and English, in one place.

Code uses English keys; `t(key, lang, **values)` fills the template. The catalogue is split by
subject, one module each, every module holding a `TEXTS` dict; they merge here into one, and a
key defined in two modules stops the import. A test checks that every key has both languages
and the same placeholders in each.

    issues     data-quality messages: tab, row, column, value and what to fix
    sources    the data source: connection problems, checks, read age, uploads and refused files
    frame      the app's frame: title, navigation, filters, access
    pages      the pages' own texts (overview, villages, progress, helpers, people)
    labels     table columns, statuses, target rules, chart labels
    bulletin   the Zalo bulletin and share links
    reports    phase reports, table downloads, change flags
    changes    the "Thay đổi" page
    campaign   errors in campaign.toml
    province   the province roll-up: errors in province.toml, a commune that failed, its CLI table
    cli        the command line (python -m lib …): Vietnamese only in use, for the commune's clerks
"""

from __future__ import annotations

from types import ModuleType

from lib.texts import bulletin, campaign, changes, cli, frame, issues, labels, pages, province, reports, sources

LANGS = ("vi", "en")


def merge(*modules: ModuleType) -> dict[str, dict[str, str]]:
    """The modules' TEXTS as one dict; a key in two modules is an error, never a silent override."""
    merged: dict[str, dict[str, str]] = {}
    owner: dict[str, str] = {}
    for module in modules:
        for key, entry in module.TEXTS.items():
            if key in merged:
                raise ValueError(f"text key {key!r} is defined in both {owner[key]} and {module.__name__}")
            merged[key], owner[key] = entry, module.__name__
    return merged


TEXTS: dict[str, dict[str, str]] = merge(
    issues, sources, frame, pages, labels, bulletin, reports, changes, campaign, province, cli
)


def t(key: str, lang: str = "vi", /, **values: object) -> str:
    """The text for `key` in `lang`, with `values` filled in; Vietnamese if `lang` is unknown."""
    entry = TEXTS[key]
    template = entry.get(lang) or entry["vi"]
    return template.format(**values) if values else template
