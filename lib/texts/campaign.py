"""Errors in campaign.toml (lib.campaign.CampaignError): each names the key and says what it must be."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "campaign.unreadable": {
        "vi": "Không đọc được tệp cấu hình {path}: {detail}",
        "en": "Cannot read the configuration file {path}: {detail}",
    },
    "campaign.no_phases": {
        "vi": "campaign.toml: cần ít nhất một đợt ([[phases]]).",
        "en": "campaign.toml: at least one phase ([[phases]]) is needed.",
    },
    "campaign.tally_mode": {
        "vi": "campaign.toml: tally_mode phải là một trong {allowed}, không phải {value}.",
        "en": "campaign.toml: tally_mode must be one of {allowed}, not {value}.",
    },
    "campaign.count_source": {
        "vi": "campaign.toml: count_source phải là một trong {allowed}, không phải {value}.",
        "en": "campaign.toml: count_source must be one of {allowed}, not {value}.",
    },
    "campaign.not_list": {
        "vi": "campaign.toml: '{key}' phải là danh sách [[{key}]].",
        "en": "campaign.toml: '{key}' must be a list [[{key}]].",
    },
    "campaign.not_table": {
        "vi": "campaign.toml: '{key}' phải là bảng [{key}.TÊN].",
        "en": "campaign.toml: '{key}' must be a table [{key}.NAME].",
    },
    "campaign.not_integer": {
        "vi": "campaign.toml: '{key}' phải là số nguyên, không phải {value}.",
        "en": "campaign.toml: '{key}' must be a whole number, not {value}.",
    },
    "campaign.phase_key": {
        "vi": "campaign.toml: đợt {phase} thiếu khóa {key}.",
        "en": "campaign.toml: phase {phase} lacks the key {key}.",
    },
    "campaign.phase_dates": {
        "vi": "campaign.toml: đợt {phase} cần start <= end, dạng 2026-05-13.",
        "en": "campaign.toml: phase {phase} needs start <= end, written 2026-05-13.",
    },
    "campaign.group_unit": {
        "vi": "campaign.toml: nhóm {group}: unit phải là 'village' hoặc 'agency'.",
        "en": "campaign.toml: group {group}: unit must be 'village' or 'agency'.",
    },
    "campaign.group_columns": {
        "vi": "campaign.toml: nhóm {group} cần base_column và installed_column.",
        "en": "campaign.toml: group {group} needs base_column and installed_column.",
    },
    "campaign.report_table": {
        "vi": "campaign.toml: [report] phải là một bảng.",
        "en": "campaign.toml: [report] must be a table.",
    },
    "campaign.report_recipients": {
        "vi": "campaign.toml: report.recipients phải là một danh sách chuỗi.",
        "en": "campaign.toml: report.recipients must be a list of strings.",
    },
    "campaign.report_villages": {
        "vi": "campaign.toml: report.villages phải là một danh sách tên thôn (chuỗi khác rỗng).",
        "en": "campaign.toml: report.villages must be a list of village names (non-empty strings).",
    },
    "campaign.report_villages_missing": {
        "vi": "campaign.toml: [report] villages có thôn không có trong trang Thon: {names}.",
        "en": "campaign.toml: [report] villages names villages that tab Thon does not have: {names}.",
    },
    "campaign.limits_table": {
        "vi": "campaign.toml: [limits] phải là một bảng.",
        "en": "campaign.toml: [limits] must be a table.",
    },
    "campaign.limits_unknown": {
        "vi": "campaign.toml: [limits] không có khóa {names}; các khóa đặt được: {allowed}.",
        "en": "campaign.toml: [limits] has no key {names}; the keys that can be set: {allowed}.",
    },
    "campaign.limits_number": {
        "vi": "campaign.toml: limits.{key} phải là một số, không phải {value}.",
        "en": "campaign.toml: limits.{key} must be a number, not {value}.",
    },
    "campaign.limits_integer": {
        "vi": "campaign.toml: limits.{key} phải là một số nguyên, không phải {value}.",
        "en": "campaign.toml: limits.{key} must be a whole number, not {value}.",
    },
    "campaign.limits_range": {
        "vi": "campaign.toml: limits.{key} = {value} không hợp lệ: phải lớn hơn 0 và không quá {ceiling} "
        "(mặc định {default}).",
        "en": "campaign.toml: limits.{key} = {value} is not valid: it must be above 0 and at most {ceiling} "
        "(default {default}).",
    },
    "campaign.target_keys": {
        "vi": "campaign.toml: chỉ tiêu {target} sai hoặc thiếu khóa ({detail}).",
        "en": "campaign.toml: target {target} is wrong or lacks a key ({detail}).",
    },
    "campaign.target_rule": {
        "vi": "campaign.toml: chỉ tiêu {target}: rule phải là 'tren' hoặc 'dat'.",
        "en": "campaign.toml: target {target}: rule must be 'tren' or 'dat'.",
    },
    "campaign.target_percent": {
        "vi": "campaign.toml: chỉ tiêu {target}: percent phải từ 0 đến 100.",
        "en": "campaign.toml: target {target}: percent must be from 0 to 100.",
    },
    "campaign.target_group": {
        "vi": "campaign.toml: chỉ tiêu nói tới nhóm '{group}' không có trong [groups].",
        "en": "campaign.toml: a target names group '{group}', which is not in [groups].",
    },
    "campaign.target_phase": {
        "vi": "campaign.toml: chỉ tiêu của nhóm '{group}' nói tới đợt {phase} không có.",
        "en": "campaign.toml: a target of group '{group}' names phase {phase}, which does not exist.",
    },
    "campaign.phase_ids": {
        "vi": "campaign.toml: hai đợt trùng 'id'.",
        "en": "campaign.toml: two phases share an 'id'.",
    },
    "campaign.part_of": {
        "vi": "campaign.toml: nhóm {group}: part_of '{part_of}' phải là một nhóm thôn khác.",
        "en": "campaign.toml: group {group}: part_of '{part_of}' must be another village group.",
    },
    "campaign.agencies": {
        "vi": "campaign.toml: chỉ một nhóm được có unit = 'agency' (trang CoQuan).",
        "en": "campaign.toml: only one group may have unit = 'agency' (tab CoQuan).",
    },
}
