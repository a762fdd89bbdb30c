"""The shared spreadsheet plumbing: dates in every form people type, files in every encoding and
format the portal reads, and problems reported as 第 N 行 of the file."""

from datetime import date, datetime

import pytest

from portal.dates import parse_date
from portal.spreadsheets.imports import ImportFileError, read_spreadsheet
from portal.spreadsheets.widgets import DateWidget, NameListWidget, YesNoWidget


@pytest.mark.parametrize(
    "text",
    [
        "2020-07-28",
        "2020-7-28",
        "2020年7月28日",
        "2020年07月28日",
        "2020 年 7 月 28 日",
        "2020.7.28",
        "2020/7/28",
        "2020/07/28",
        "2020-07-28 00:00:00",
        "２０２０年７月２８日",
    ],
)
def test_every_usual_form_of_a_date_is_read(text):
    assert parse_date(text) == date(2020, 7, 28)
    assert DateWidget().clean(text) == date(2020, 7, 28)


@pytest.mark.parametrize(
    "text", ["2020-13-01", "2020年2月30日", "2020-7/28", "七月二十八日", "28/7/2020"]
)
def test_what_is_not_a_date_gets_a_chinese_message(text):
    with pytest.raises(ValueError, match="日期格式不正确.*应为 2020-07-28 或 2020年7月28日"):
        DateWidget().clean(text)


def test_dates_are_written_in_one_form_and_date_cells_are_taken_as_they_are():
    widget = DateWidget()
    assert widget.render(date(2020, 7, 28)) == "2020-07-28"
    assert widget.render(None) == ""
    assert widget.clean(datetime(2020, 7, 28, 0, 0)) == date(2020, 7, 28)
    assert widget.clean("") is None


def test_yes_no_and_name_lists():
    assert YesNoWidget().clean("是") is True and YesNoWidget().clean("否") is False
    assert YesNoWidget().clean(1.0) is True
    with pytest.raises(ValueError, match="应填写“是”或“否”"):
        YesNoWidget().clean("也许")
    names = NameListWidget().clean("财政部；国家税务总局、财政部,海关总署")
    assert names == ["财政部", "国家税务总局", "海关总署"]


def test_csv_in_utf8_or_gb18030_and_trailing_blank_rows():
    text = "机构名称,联系电话\n办公厅,12366\n,\n,\n"
    for content in (text.encode("utf-8-sig"), text.encode("gb18030")):
        rows = read_spreadsheet(content, "units.csv")
        assert rows.dataset.headers == ["机构名称", "联系电话"]
        assert [list(row) for row in rows.dataset] == [["办公厅", "12366"]]
        assert rows.lines == [2]


def test_jsonl_keeps_file_lines_and_reports_lines_that_are_not_objects():
    content = (
        '{"title": "甲", "authorities": ["财政部", "国家税务总局"]}\n\n[1]\n{bad\n{"title": "乙"}\n'
    )
    rows = read_spreadsheet(content.encode(), "p.jsonl", formats=["jsonl"], columns=["title"])
    assert rows.dataset.headers == ["title", "authorities"]
    assert rows.dataset["authorities"] == ["财政部、国家税务总局", None]
    assert rows.lines == [1, 5]
    assert [str(problem) for problem in rows.problems] == [
        "第 3 行：每行应是一个 JSON 对象",
        "第 4 行：不是有效的 JSON：Expecting property name enclosed in double quotes",
    ]


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"x", "list.doc", "不支持的文件格式：doc"),
        (b"", "list.csv", "文件是空的"),
        (b"not a spreadsheet", "list.xlsx", "无法读取文件，请确认它是有效的 XLSX 文件"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(content, name, message):
    with pytest.raises(ImportFileError, match=message):
        read_spreadsheet(content, name)


def test_too_many_rows_are_refused():
    content = ("名称\n" + "甲\n" * 3).encode()
    with pytest.raises(ImportFileError, match="一次最多导入 2 行"):
        read_spreadsheet(content, "x.csv", max_rows=2)
