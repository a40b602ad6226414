"""Who may see person lists and unmasked phone and ID numbers: a password form (slowed down,
then locked out, after wrong guesses) and Streamlit's OIDC login."""

from __future__ import annotations

import time
import uuid

import streamlit as st

from lib.access import (
    SERVER_POLICY,
    SESSION_POLICY,
    GuessLimiter,
    access_from_secrets,
    user_allowed,
    verify_password,
)
from lib.texts import t
from lib.ui import config as ui_config

# ------------------------------------------------------------------------------ access


def authorised() -> bool:
    """May this viewer see person lists and unmasked phone and ID numbers?"""
    if st.session_state.get("_authorised"):
        return True
    config = access_from_secrets(ui_config._secrets())
    if config.oidc and config.allowed_emails:
        return _signed_in() and user_allowed(config, st.user)
    return False


def access_panel(lang: str) -> None:
    """The sign-in for personal data: a password form, and Streamlit's OIDC login if set up."""
    config = access_from_secrets(ui_config._secrets())
    if not config.enabled:
        st.info(t("access.not_configured", lang), icon=":material/lock:")
        return
    st.info(t("access.locked", lang), icon=":material/lock:")
    if config.password_hash:
        with st.form("access_form", clear_on_submit=True, border=False):
            password = st.text_input(t("access.password", lang), type="password", key="access_password")
            if st.form_submit_button(t("access.unlock", lang), key="access_submit"):
                _try_password(password, config.password_hash, lang)
    if config.oidc and config.allowed_emails:
        if _signed_in():  # but not allowed: say which account, and offer to leave it
            email = str(st.user.get("email") or "?").replace("`", "")
            st.warning(t("access.not_allowed", lang, email=email), icon=":material/person_off:")
            st.button(t("access.logout", lang), on_click=st.logout, key="access_logout")
        else:
            st.button(t("access.login", lang), on_click=st.login, key="access_login")
            st.caption(t("access.login_note", lang))


@st.cache_resource
def _guesses() -> GuessLimiter:
    """Wrong passwords of every session of this server (one limiter for all)."""
    return GuessLimiter()


def _try_password(password: str, stored: str, lang: str) -> None:
    """Unlock on the right password; slow down, then lock out, repeated wrong ones per session
    and for the whole server (a new session gives no fresh tries)."""
    session = st.session_state.setdefault("_guess_key", f"session:{uuid.uuid4().hex[:12]}")
    keys = [(session, SESSION_POLICY), ("server", SERVER_POLICY)]
    now = time.monotonic()
    wait = _guesses().wait_seconds(keys, now)
    if wait > 0:
        st.error(t("access.wait", lang, seconds=int(wait) + 1))
        return
    if verify_password(password, stored):
        _guesses().succeeded(session)
        st.session_state["_authorised"] = True
        st.rerun()
    _guesses().failed(keys, now)
    st.error(t("access.wrong", lang))


def _signed_in() -> bool:
    try:
        return bool(st.user.is_logged_in)
    except Exception:  # no OIDC support installed or configured
        return False


def lock() -> None:
    st.session_state["_authorised"] = False
    if st.user.get("is_logged_in"):
        st.logout()
