"""Tổ liên gia & danh sách: drill-down from village to inter-family group, the list-against-
tallies cross-check, and the person list itself for authorised viewers only."""

import streamlit as st

from lib import tables, ui
from lib.markup import plain
from lib.texts import t

view = ui.current()
c, f, lang, ds = view.campaign, view.filters, view.lang, view.dataset
group = c.group(f.group)


def person_list() -> None:
    """One village's list at a time: a province list has a million rows, a village a few hundred."""
    listed = ui.villages_with_list(view)
    if not listed:
        st.info(t("people.no_list_chosen", lang))
        return
    village = st.selectbox(t("people.list_village", lang), listed, key="people_list_village")
    unmask = st.toggle(t("people.unmask", lang), key="people_unmask")
    people = tables.people_table(ui.people_of(view, village), lang, c.adult_age, unmasked=unmask)
    st.dataframe(people, hide_index=True)
    st.caption(t("people.masked_note", lang))
    ui.download_buttons(view, people.data, "danh-sach", "people", unmasked=unmask)


if group.unit == "village":
    st.subheader(t("people.groups_header", lang, group=plain(group.title(lang))))
    drillable = ui.villages_with_family_groups(view)
    if drillable:
        village = st.selectbox(t("people.pick_village", lang), drillable, key="people_village")
        table = ui.family_group_table(view, village)
        shown = ui.table(
            "family_groups", view, lambda: tables.coverage_table(table, lang, name_column="family_group"), village
        )
        st.dataframe(shown, hide_index=True)
        ui.download_buttons(view, shown.data, f"to-lien-gia-{group.key}", "family_groups")
        st.caption(t("people.no_base", lang))
    else:
        st.info(t("people.no_groups", lang))

    st.subheader(t("people.crosscheck_header", lang))
    check = ui.crosscheck_table(view)
    if len(check):
        st.markdown(t("people.crosscheck_note", lang, source=t(f"people.source.{c.count_source}", lang)))
        shown = ui.table(
            "crosscheck", view, lambda: tables.crosscheck_table(check, lang), on=("group", "as_of", "villages", "lang")
        )
        st.dataframe(shown, hide_index=True)
        ui.download_buttons(view, shown.data, f"doi-chieu-{group.key}", "crosscheck")
        if drillable and village in set(check["village"]):  # groups of the village drilled into
            with st.expander(t("people.by_group", lang, village=plain(village))):
                per_group = ui.crosscheck_table(view, by_family_group=True, village=village)
                shown = ui.table(
                    "crosscheck_groups",
                    view,
                    lambda: tables.crosscheck_table(per_group, lang, by_family_group=True),
                    village,
                )
                st.dataframe(shown, hide_index=True)
    else:
        st.info(t("people.no_crosscheck", lang))


st.subheader(t("people.list_header", lang))
if ds.people.empty:
    st.info(t("people.no_list", lang))
else:
    summary = ui.table(
        "list_summary", view, lambda: tables.list_summary_table(ui.list_summary(view), lang), on=("lang",)
    )
    st.dataframe(summary, hide_index=True)
    if ui.authorised():
        st.success(t("access.granted", lang), icon=":material/lock_open:")
        st.button(t("access.lock", lang), on_click=ui.lock, key="access_lock")
        person_list()
    else:
        ui.access_panel(lang)
