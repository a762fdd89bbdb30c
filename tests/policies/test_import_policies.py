"""`import_policies`: every bad row reported with its line, one bad row imports nothing."""

import json

import pytest
from django.core.management import CommandError, call_command

from policies.models import InterpretationPage, PolicyDocumentPage


def _jsonl(tmp_path, rows):
    path = tmp_path / "policies.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    return path


def test_jsonl_import_creates_documents_and_interpretations(site_tree, tmp_path, capsys):
    path = _jsonl(
        tmp_path,
        [
            {
                "title": "首问责任制通知",
                "doc_number": "税总发[2014]59号",
                "authorities": "国家税务总局",
                "publish_date": "2014-04-24",
                "level": "行政规范性文件",
                "body": "一、总体要求\n全面推行。",
            },
            {
                "title": "中华人民共和国个人所得税法 第一条",
                "body": "在中国境内有住所的个人……",
                "validity": "全文有效",
            },
            {
                "title": "首问责任制解读",
                "interpretation_of": "税总发〔2014〕59号",
                "body": "问：什么是首问？",
            },
        ],
    )
    call_command("import_policies", str(path))
    assert PolicyDocumentPage.objects.live().count() == 2
    doc = PolicyDocumentPage.objects.get(doc_number="税总发〔2014〕59号")
    assert doc.level == "normative" and [a.name for a in doc.authorities.all()] == ["国家税务总局"]
    assert InterpretationPage.objects.get().documents.get() == doc


def test_one_bad_row_imports_nothing_and_names_each_line(site_tree, tmp_path, capsys):
    path = _jsonl(
        tmp_path,
        [
            {"title": "好的行", "doc_number": "税总发〔2020〕1号"},
            {"title": "", "publish_date": "2020-13-01"},
            {"title": "重复文号", "doc_number": "税总发2020年1号", "validity": "半有效"},
        ],
    )
    with pytest.raises(CommandError, match="未导入任何文件"):
        call_command("import_policies", str(path))
    errors = capsys.readouterr().err
    assert "第 2 行：缺少标题" in errors and "第 2 行：“publish_date”日期格式不正确" in errors
    assert "第 3 行：发文字号 税总发〔2020〕1号 在文件中重复" in errors
    assert "第 3 行：未知的有效性：半有效" in errors
    assert PolicyDocumentPage.objects.count() == 0


def test_csv_dry_run_validates_without_importing(site_tree, tmp_path, capsys):
    path = tmp_path / "policies.csv"
    path.write_text(
        "title,doc_number,publish_date\n甲文件,税总发〔2021〕3号,2021-02-01\n", encoding="utf-8"
    )
    call_command("import_policies", str(path), "--dry-run")
    assert "校验通过：1 行" in capsys.readouterr().out
    assert PolicyDocumentPage.objects.count() == 0


def test_unknown_format_and_missing_file_get_messages(site_tree, tmp_path):
    with pytest.raises(CommandError, match="文件不存在"):
        call_command("import_policies", str(tmp_path / "none.csv"))
    other = tmp_path / "x.txt"
    other.write_text("x")
    with pytest.raises(CommandError, match="不支持的文件格式"):
        call_command("import_policies", str(other))


def test_xlsx_import_with_html_body_and_joint_authorities(site_tree, tmp_path):
    import tablib

    dataset = tablib.Dataset(headers=["title", "doc_number", "authorities", "body", "topics"])
    dataset.append(
        [
            "联合发文",
            "财税〔2019〕13号",
            "财政部；国家税务总局",
            "<h3>一、范围</h3><p>第一条 小微企业。</p><script>x()</script>",
            "财政、金融、审计",
        ]
    )
    path = tmp_path / "policies.xlsx"
    path.write_bytes(dataset.export("xlsx"))
    call_command("import_policies", str(path))
    doc = PolicyDocumentPage.objects.get(doc_number="财税〔2019〕13号")
    assert sorted(a.name for a in doc.authorities.all()) == ["国家税务总局", "财政部"]
    assert doc.topic == "finance" and doc.live
    assert [block.block_type for block in doc.body] == ["heading", "article"]
    assert "x()" not in str(doc.body.render_as_block())


def test_broken_lines_numbers_already_in_the_library_and_unknown_targets_are_reported(
    site_tree, tmp_path, capsys
):
    from tests.policies.factories import PolicyDocumentFactory

    PolicyDocumentFactory(title="已有文件", doc_number="税总发〔2014〕59号")
    path = tmp_path / "policies.jsonl"
    path.write_text(
        "\n".join(
            [
                json.dumps({"title": "重复", "doc_number": "税总发[2014]59号"}, ensure_ascii=False),
                "{not json",
                json.dumps(
                    {"title": "解读", "interpretation_of": "税总发〔2099〕1号"}, ensure_ascii=False
                ),
            ]
        ),
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="未导入任何文件"):
        call_command("import_policies", str(path))
    errors = capsys.readouterr().err
    assert "第 1 行：发文字号 税总发〔2014〕59号 已存在于政策库" in errors
    assert "第 2 行：不是有效的 JSON" in errors
    assert "第 3 行：interpretation_of 所指的 税总发〔2099〕1号 不在政策库中" in errors
    assert PolicyDocumentPage.objects.count() == 1


def test_unreadable_spreadsheet_gets_a_message(site_tree, tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"not a zip file")
    with pytest.raises(CommandError, match="无法读取文件，请确认它是有效的 XLSX 文件"):
        call_command("import_policies", str(path))
