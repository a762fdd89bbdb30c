from search.segmentation import expand_synonyms, query_terms, segment, tokenize


def test_domain_words_are_kept_whole_and_split_for_recall():
    tokens = tokenize("首问责任制通知")
    assert "首问责任制" in tokens and "首问" in tokens
    assert "限时办结" in tokenize("推行限时办结制度")
    assert "留抵退税" in tokenize("增值税留抵退税政策")


def test_question_words_are_dropped_from_queries():
    terms = query_terms("谁可以享受小规模纳税人的优惠吗？")
    assert "谁" not in terms and "吗" not in terms and "可以" not in terms
    assert "小规模纳税人" in terms


def test_synonyms_map_both_ways():
    assert "个人所得税" in expand_synonyms("个税")
    assert "个税" in expand_synonyms("个人所得税")


def test_segment_is_space_separated_and_drops_punctuation():
    assert segment("首问责任制，限时办结！") == " ".join(tokenize("首问责任制限时办结"))


def test_ngrams_are_characters_pairs_and_latin_words():
    from search.segmentation import ngrams

    assert ngrams("首问制，ＶＡＴ 2019年") == [
        "首",
        "问",
        "制",
        "首问",
        "问制",
        "vat",
        "2019",
        "年",
    ]


def test_query_ngrams_count_repeats_and_add_synonyms_at_half_weight():
    from search.segmentation import query_ngrams

    counts = query_ngrams("个税个税")
    assert counts["个税"] == 2 and counts["税"] == 2
    assert counts["所得"] == 0.5 and counts["人"] == 0.5
