"""Admin import (upload → preview → confirm) and export of the 第二十条 lists, on the portal's
shared spreadsheet screens."""

from enforcement.exporting import export_filename, staff_workbook
from enforcement.importing import import_rows, read_rows_file
from enforcement.models import EnforcementDecision, FeeItem
from enforcement.resources import LABELS, RESOURCES
from portal.spreadsheets.screens import ImportKind, ImportScreens

MODELS = {"decisions": EnforcementDecision, "fees": FeeItem}

SCREENS = ImportScreens(
    namespace="enforcement_admin",
    title="执法公示与收费导入导出",
    kinds={
        kind: ImportKind(LABELS[kind], MODELS[kind], RESOURCES[kind].required_columns)
        for kind in RESOURCES
    },
    read=read_rows_file,
    run=import_rows,
    export=staff_workbook,
    filename=export_filename,
    note="新增的行和对已发布行的修改保存为草稿，经审核发布后才在网站公开；“删除”的行立即撤下。",
)
