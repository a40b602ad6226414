"""The Streamlit-facing part of lib, the only one that imports streamlit (with app.py and pages/).

| module | holds |
|---|---|
| `state` | the view a page lays out: filters, source status, query-string names |
| `config` | campaign.toml and secrets.toml, read once per server |
| `loading` | reading and validating the source once per content, the last good data kept |
| `filters` | the sidebar, the language, the URL; `setup()` per run, `current()` for pages |
| `meeting` | meeting mode: redraw on new data, turn through pages |
| `signin` | who may see personal data |
| `province` | province mode: the server's refresher, the commune a view shows (`?xa=`), the province page's frame |
| `derived` | what pages show, cached for every viewer, keys made from the view |
| `downloads` | reports, CSV/Excel, the Zalo bulletin |
| `history` | the snapshot store as the app uses it |
| `streamlit_private` | every private Streamlit or pandas name, with a version check |

Pages use the names below as `ui.X`.
"""

from lib.ui.config import get_campaign, sheet_config, tab_specs
from lib.ui.derived import (
    actions_today,
    commune_progress,
    crosscheck_table,
    current_phase,
    family_group_table,
    figure,
    goal,
    helpers_by_village,
    list_summary,
    people_of,
    progress_series,
    show_figure,
    show_picture,
    table,
    target_results,
    unit_table,
    villages_behind,
    villages_with_family_groups,
    villages_with_list,
)
from lib.ui.downloads import download_buttons, report_file, share
from lib.ui.filters import current, language, reload, setup, village_filter
from lib.ui.history import store_now, stored_changes, stored_history, stored_reads, stored_village_names
from lib.ui.loading import live_source
from lib.ui.meeting import meeting_requested, meeting_watch
from lib.ui.province import active as province_mode
from lib.ui.province import province_setup, province_view, province_watch
from lib.ui.signin import access_panel, authorised, lock
from lib.ui.state import View

__all__ = [
    "View",
    "access_panel",
    "actions_today",
    "authorised",
    "commune_progress",
    "crosscheck_table",
    "current",
    "current_phase",
    "download_buttons",
    "family_group_table",
    "figure",
    "get_campaign",
    "goal",
    "helpers_by_village",
    "language",
    "list_summary",
    "live_source",
    "lock",
    "meeting_requested",
    "meeting_watch",
    "people_of",
    "progress_series",
    "province_mode",
    "province_setup",
    "province_view",
    "province_watch",
    "reload",
    "report_file",
    "setup",
    "share",
    "sheet_config",
    "show_figure",
    "show_picture",
    "store_now",
    "stored_changes",
    "stored_history",
    "stored_reads",
    "stored_village_names",
    "tab_specs",
    "table",
    "target_results",
    "unit_table",
    "village_filter",
    "villages_behind",
    "villages_with_family_groups",
    "villages_with_list",
]
