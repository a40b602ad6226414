"""The app's configuration: the campaign file and secrets.toml, read once per server; in
province mode (lib/ui/province.py) the campaign and sheet of the commune the view shows."""

from __future__ import annotations

import streamlit as st

from lib.campaign import Campaign, load_campaign
from lib.contract import TabSpec
from lib.contract import tab_specs as contract_specs
from lib.sources.gsheets import SheetConfig, config_from_secrets
from lib.sources.limits import warn_upload_cap


@st.cache_resource
def _repo_campaign() -> Campaign:
    campaign = load_campaign()
    # Streamlit refuses files over its own cap before ours: say so once when ours is higher.
    warn_upload_cap(campaign.limits, int(st.get_option("server.maxUploadSize")))
    return campaign


def get_campaign() -> Campaign:
    """campaign.toml; in province mode, the campaign of the commune the view shows."""
    from lib.ui import province

    commune = province.commune_campaign()
    return _repo_campaign() if commune is None else commune


def tab_specs() -> tuple[TabSpec, ...]:
    """The workbook's tabs and columns for this campaign (for the data-source check)."""
    return contract_specs(get_campaign())


def _secrets() -> dict:
    """secrets.toml as a dict, or {} when there is none (the sample is then shown)."""
    try:
        return st.secrets.to_dict()
    except Exception:  # no secrets file, or an unreadable one: run on the sample
        return {}


def sheet_config() -> SheetConfig | None:
    """The Google Sheet of secrets.toml; in province mode, that of the commune the view shows
    (None for a file commune)."""
    from lib.ui import province

    if province.active():
        return province.commune_sheet()
    return config_from_secrets(_secrets())
