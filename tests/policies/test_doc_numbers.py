"""发文字号 parsing: every form people type resolves to one canonical number."""

import pytest

from policies.doc_numbers import (
    DocNumberError,
    find_doc_numbers,
    normalize_doc_number,
    parse_doc_number,
)


@pytest.mark.parametrize(
    "typed",
    [
        "税总发〔2014〕59号",
        "税总发[2014]59号",
        "税总发（2014）59号",
        "税总发(2014)59号",
        "税总发【2014】59号",
        "税总发［2014］59号",
        "税总发2014年59号",
        "税总发〔2014〕59",
        "税总发〔２０１４〕５９号",
        " 税总发 〔2014〕 59 号 ",
        "税总发〔2014〕第59号",
    ],
)
def test_every_variant_resolves_to_the_canonical_gbt9704_form(typed):
    assert normalize_doc_number(typed) == "税总发〔2014〕59号"


def test_sta_announcement_and_order_forms():
    assert normalize_doc_number("国家税务总局公告2023年第1号") == "国家税务总局公告2023年第1号"
    assert normalize_doc_number("国家税务总局公告 2023 年第 1 号") == "国家税务总局公告2023年第1号"
    assert normalize_doc_number("国家税务总局令第41号") == "国家税务总局令第41号"
    assert normalize_doc_number("国家税务总局令 第 41 号") == "国家税务总局令第41号"


def test_office_numbers_keep_their_own_agency_code():
    assert normalize_doc_number("税总办发[2020]35号") == "税总办发〔2020〕35号"
    assert normalize_doc_number("国办公开办函〔2021〕30号") == "国办公开办函〔2021〕30号"


@pytest.mark.parametrize(
    "bad", ["", "59号", "税总发", "hello", "税总发〔2014〕0号", "税总发〔14〕59号"]
)
def test_invalid_numbers_get_a_chinese_message(bad):
    with pytest.raises(DocNumberError, match="不是有效的发文字号"):
        normalize_doc_number(bad)


def test_number_without_agency_is_accepted_only_for_searching():
    assert parse_doc_number("〔2014〕59号") is None
    assert parse_doc_number("〔2014〕59号", allow_missing_agency=True).canonical == "〔2014〕59号"


def test_citations_are_found_in_running_text_without_surrounding_words():
    text = (
        "根据《税务机关首问责任制度（试行）》（税总发〔2014〕59号文件印发）规定，现将税总办发[2020]35号、"
        "（税总发〔2016〕41号第一条第一款）和国家税务总局公告2018年第31号，依据国家税务总局令第41号，"
        "再次引用税总发〔2014〕59号。"
    )
    assert [n.canonical for n in find_doc_numbers(text)] == [
        "税总发〔2014〕59号",
        "税总办发〔2020〕35号",
        "税总发〔2016〕41号",
        "国家税务总局公告2018年第31号",
        "国家税务总局令第41号",
    ]
