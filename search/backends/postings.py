"""The embedded backend's in-memory index: postings and document facts as numpy arrays.

Each indexed document stores its n-grams (search.segmentation.ngrams) as one blob of packed
integers (term id << 40 | twice its frequency); `Snapshot.load` turns every blob into per-term
posting lists (document ids ascending, frequencies beside them) with one sort. A search then adds
up BM25 and first-stage scores, filters and facet counts with vector operations over those arrays
instead of counting n-grams in Python document by document: on the 58,513 STARD articles that
took a question from about 70 ms to a few. One snapshot per process, shared by its threads and
replaced when any process writes (the index file's generation changes).
"""

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from search.ranking import Pool, title_facts

TERM_SHIFT = 40  # term id bits above, document id bits (24) and frequency bits (16) below
DOC_SHIFT = 16
DOC_MASK = (1 << 24) - 1
FREQUENCY_MASK = (1 << 16) - 1
MAX_DOC_ID = DOC_MASK
# Ranking (tuned on STARD dev only, bench/search_quality.py): BM25 over character pairs plus
# BM25 over single characters, title occurrences counted extra (TITLE_WEIGHT is folded into the
# stored frequency: 2 × occurrences in the text + occurrences in the title, halved on load).
K1, B = 1.2, 0.75
TITLE_WEIGHT = 0.5


def pack_grams(term_ids: dict[str, int], text: str, title: str) -> bytes:
    """The blob a document stores: each n-gram it holds with its frequency in `text`.

    An n-gram counts as often as str.count finds it (non-overlapping) in the normalised title,
    body and 发文字号, plus TITLE_WEIGHT per occurrence in the title.
    """
    packed = []
    for gram, term_id in term_ids.items():
        count = text.count(gram)
        if count:
            twice = min(2 * count + title.count(gram), FREQUENCY_MASK)
            packed.append((term_id << TERM_SHIFT) | twice)
    return np.array(packed, dtype=np.uint64).tobytes()


def idf(total: int, df: int) -> float:
    return math.log(1 + (total - df + 0.5) / (df + 0.5))


@dataclass(frozen=True)
class Field:
    """A facet field: each (document, value) pair as two parallel arrays; code 0 is unused."""

    values: list[str]
    codes: dict[str, int]
    owners: np.ndarray
    value_codes: np.ndarray

    @classmethod
    def build(cls, pairs: Iterable[tuple[int, str]]) -> "Field":
        values = [""]
        codes: dict[str, int] = {}
        owners, value_codes = [], []
        for doc_id, value in pairs:
            if not value:
                continue
            code = codes.get(value)
            if code is None:
                code = codes[value] = len(values)
                values.append(value)
            owners.append(doc_id)
            value_codes.append(code)
        return cls(
            values, codes, np.array(owners, dtype=np.int64), np.array(value_codes, dtype=np.int64)
        )

    def holders(self, value: str, size: int) -> np.ndarray:
        mask = np.zeros(size, dtype=bool)
        code = self.codes.get(value)
        if code is not None:
            mask[self.owners[self.value_codes == code]] = True
        return mask

    def counts(self, mask: np.ndarray) -> dict[str, int]:
        """Value counts among the documents in `mask`, most frequent first, then by value."""
        counted = np.bincount(self.value_codes[mask[self.owners]], minlength=len(self.values))
        pairs = [(self.values[code], int(counted[code])) for code in np.flatnonzero(counted)]
        return dict(sorted(pairs, key=lambda pair: (-pair[1], pair[0])))


@dataclass(frozen=True)
class Snapshot:
    """Every document's postings and facts at one generation of the index file."""

    generation: tuple
    size: int  # one past the largest document id: arrays are indexed by id
    alive: np.ndarray
    total: int
    starts: np.ndarray  # postings of term t: positions starts[t]:starts[t + 1]
    posting_docs: np.ndarray
    posting_frequencies: np.ndarray
    norms: dict[int, np.ndarray]  # BM25 length norm by n-gram size (1 or 2), per document
    weights: np.ndarray  # search.ranking.level_weight of each title
    recency: np.ndarray  # rank by (publish date, key): larger is newer
    titles: dict[int, str]
    sources: np.ndarray  # search.ranking.source_name of each title, as a code into source_names
    source_names: list[str]
    numbers: np.ndarray  # search.ranking.article_number of each title, -1 when none
    by_source: dict[str, np.ndarray]  # a statute's article ids
    by_article: dict[str, list[int]]  # article key → ids
    fields: dict[str, Field]

    @classmethod
    def load(
        cls,
        rows: list[tuple],
        grams: Iterable[tuple[int, bytes]],
        gram_count: int,
        generation: tuple,
    ) -> "Snapshot":
        """Rows: id, content_type, year, validity, authorities, topics, publish_date, key, title,
        unigrams, bigrams, in id order; `grams`: each document's id and packed blob
        (`pack_grams`), `gram_count` entries in all. The blobs are streamed into one array, so
        loading never holds them twice."""
        size = (rows[-1][0] + 1) if rows else 1
        if size - 1 > MAX_DOC_ID:
            raise ValueError("search index ids overflow: run `manage.py search_index rebuild`")
        keys = np.empty(gram_count, dtype=np.uint64)
        filled = 0
        for doc_id, blob in grams:
            count = len(blob) // 8
            packed = keys[filled : filled + count]
            packed[:] = np.frombuffer(blob, dtype=np.uint64)
            packed |= np.uint64(doc_id << DOC_SHIFT)
            filled += count
        keys = keys[:filled]
        keys.sort()
        terms = (keys >> np.uint64(TERM_SHIFT)).astype(np.int64)
        term_count = int(terms[-1]) + 2 if len(terms) else 1
        starts = np.zeros(term_count + 1, dtype=np.int64)
        np.cumsum(np.bincount(terms, minlength=term_count), out=starts[1:])
        del terms
        posting_docs = ((keys >> np.uint64(DOC_SHIFT)) & np.uint64(DOC_MASK)).astype(np.int32)
        posting_frequencies = (keys & np.uint64(FREQUENCY_MASK)).astype(np.float32) / 2
        del keys

        ids = np.array([row[0] for row in rows], dtype=np.int64)
        alive = np.zeros(size, dtype=bool)
        alive[ids] = True
        total = len(rows)
        lengths_by_size = {1: np.zeros(size), 2: np.zeros(size)}
        weights = np.zeros(size)
        titles: dict[int, str] = {}
        sources = np.zeros(size, dtype=np.int64)
        numbers = np.full(size, -1, dtype=np.int64)
        source_codes: dict[str, int] = {}
        by_source: dict[str, list[int]] = {}
        by_article: dict[str, list[int]] = {}
        pairs: dict[str, list[tuple[int, str]]] = {
            name: [] for name in ("type", "authority", "year", "validity", "topic")
        }
        order = []
        for (
            doc_id,
            kind,
            year,
            validity,
            authorities,
            topics,
            dated,
            key,
            title,
            one,
            two,
        ) in rows:
            lengths_by_size[1][doc_id] = one
            lengths_by_size[2][doc_id] = two
            titles[doc_id] = title
            pairs["type"].append((doc_id, kind))
            pairs["year"].append((doc_id, str(year) if year else ""))
            pairs["validity"].append((doc_id, validity))
            if authorities != "[]":
                pairs["authority"] += [(doc_id, name) for name in json.loads(authorities)]
            if topics != "[]":
                pairs["topic"] += [(doc_id, name) for name in json.loads(topics)]
            order.append((dated or "", key, doc_id))
            weight, source, number = title_facts(title)
            weights[doc_id] = weight
            sources[doc_id] = source_codes.setdefault(source, len(source_codes))
            if number is not None:
                numbers[doc_id] = number
                by_source.setdefault(source, []).append(doc_id)
                by_article.setdefault(f"{source}#{number}", []).append(doc_id)
        recency = np.zeros(size, dtype=np.int64)
        for rank, (_, _, doc_id) in enumerate(sorted(order), start=1):
            recency[doc_id] = rank
        norms = {}
        for gram_size, lengths_of in lengths_by_size.items():
            average = max(lengths_of.sum(), 1) / max(total, 1)
            norms[gram_size] = K1 * (1 - B + B * lengths_of / average)
        return cls(
            generation=generation,
            size=size,
            alive=alive,
            total=total,
            starts=starts,
            posting_docs=posting_docs,
            posting_frequencies=posting_frequencies,
            norms=norms,
            weights=weights,
            recency=recency,
            titles=titles,
            sources=sources,
            source_names=list(source_codes),
            numbers=numbers,
            by_source={name: np.array(members) for name, members in by_source.items()},
            by_article=by_article,
            fields={name: Field.build(values) for name, values in pairs.items()},
        )

    # postings ---------------------------------------------------------------------------------
    def df(self, term_id: int) -> int:
        if term_id + 1 >= len(self.starts):
            return 0
        return int(self.starts[term_id + 1] - self.starts[term_id])

    def docs(self, term_id: int) -> np.ndarray:
        if term_id + 1 >= len(self.starts):
            return self.posting_docs[:0]
        return self.posting_docs[self.starts[term_id] : self.starts[term_id + 1]]

    def holding_all(self, term_ids: Iterable[int | None]) -> np.ndarray:
        """Ids of the documents holding every one of the terms (None: a term never indexed)."""
        held: np.ndarray | None = None
        for term_id in term_ids:
            if term_id is None:
                return self.posting_docs[:0]
            docs = self.docs(term_id)
            held = docs if held is None else np.intersect1d(held, docs, assume_unique=True)
        return self.posting_docs[:0] if held is None else held

    def bm25(
        self, ids: np.ndarray, terms: list[tuple[str, int, float, int]]
    ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """BM25 of the documents `ids` over `terms` (n-gram, term id, query weight × idf, size),
        and for each n-gram which of the documents hold it.

        One binary search per term finds where each document would sit in the term's postings;
        everything after that is a few operations over a terms × documents matrix.
        """
        if not len(ids) or not terms:
            return np.zeros(len(ids)), {gram: np.zeros(len(ids), dtype=bool) for gram, *_ in terms}
        # Ascending ids keep the binary searches in cache: about 40 % faster than in pool order.
        order = np.argsort(ids, kind="stable")
        ids = ids[order]
        positions = np.empty((len(terms), len(ids)), dtype=np.int64)
        for row, (_, term_id, _, _) in enumerate(terms):
            start, end = int(self.starts[term_id]), int(self.starts[term_id + 1])
            found = np.searchsorted(self.posting_docs[start:end], ids)
            np.minimum(found, end - start - 1, out=found)
            np.add(found, start, out=positions[row])
        hit = self.posting_docs[positions] == ids
        frequency = np.where(hit, self.posting_frequencies[positions], 0.0)
        single = np.array([size == 1 for *_, size in terms])
        norms = np.where(single[:, None], self.norms[1][ids], self.norms[2][ids])
        weights = np.array([weight for _, _, weight, _ in terms])[:, None]
        in_id_order = (weights * frequency * (K1 + 1) / (frequency + norms)).sum(axis=0)
        scores = np.empty_like(in_id_order)
        scores[order] = in_id_order
        held = np.empty_like(hit)
        held[:, order] = hit
        return scores, {gram: held[row] for row, (gram, *_) in enumerate(terms)}

    # filters, facets, order ---------------------------------------------------------------------
    def allowed(self, filters: dict[str, str]) -> np.ndarray:
        """The documents passing the request's filters."""
        mask = self.alive.copy()
        for name, value in filters.items():
            if name == "year":
                value = str(int(value))
            mask &= self.fields[name].holders(value, self.size)
        return mask

    def facet_counts(self, mask: np.ndarray) -> dict[str, dict[str, int]]:
        return {name: field.counts(mask) for name, field in self.fields.items()}

    def pool(self, ids: np.ndarray, scores: np.ndarray, bonus: dict[int, float]) -> Pool:
        """The documents `ids` with their BM25 `scores` as candidates for search.ranking."""
        return Pool(
            scores=scores,
            weights=self.weights[ids],
            sources=self.sources[ids],
            numbers=self.numbers[ids],
            bonus=np.array([bonus.get(doc_id, 0.0) for doc_id in ids.tolist()]),
            names=self.source_names,
        )

    def newest_first(self, ids: np.ndarray) -> np.ndarray:
        return ids[np.argsort(-self.recency[ids], kind="stable")]


def top(ids: np.ndarray, scores: np.ndarray, count: int) -> np.ndarray:
    """The `count` ids of highest score (scores aligned with ids), best first, ties by id."""
    if len(ids) > count:
        threshold = np.partition(scores, len(scores) - count)[len(scores) - count]
        keep = scores >= threshold
        ids, scores = ids[keep], scores[keep]
    order = np.lexsort((ids, -scores))[:count]
    return ids[order]
