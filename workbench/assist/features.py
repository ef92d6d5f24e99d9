"""Text features of the units: word 1-2-gram and character 3-5-gram counts, and TF-IDF over them.

The counts are what scikit-learn's CountVectorizer gives (words: its default token pattern,
lowercased, unigrams and bigrams; characters: `char_wb` n-grams of those words), computed
once per study and reused by every training. Words are counted here with numpy because
CountVectorizer's Python loop over bigrams takes a second for 70 interviews; character
n-grams are CountVectorizer's own, over the distinct words only, then summed per unit
through the word counts (a unit's `char_wb` n-grams are its words' n-grams).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import chain
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix
    from sklearn.feature_extraction.text import TfidfTransformer

TOKEN = re.compile(r"(?u)\b\w\w+\b")  # CountVectorizer's default token pattern
CHAR_NGRAMS = (3, 5)
MIN_UNITS = 2  # an n-gram in fewer units than this says nothing that generalises
# A character n-gram in more than this share of the units (" th", "and") says little and
# costs much: most of the matrix's entries are such n-grams.
MAX_SHARE = 0.5


@dataclass(frozen=True)
class FeatureCounts:
    """Counts per unit: `words` (unigrams and bigrams) and `chars` (n-grams), and their names."""

    words: csr_matrix
    chars: csr_matrix
    word_names: list[str]


def count_features(texts: list[str]) -> FeatureCounts:
    """Word and character n-gram counts of each text, n-grams in fewer than two texts dropped."""
    import pandas as pd
    from scipy.sparse import csr_matrix
    from sklearn.feature_extraction.text import CountVectorizer

    token_lists = [TOKEN.findall(text.lower()) for text in texts]
    lengths = np.fromiter(map(len, token_lists), dtype=np.int64, count=len(texts))
    flat = np.array(list(chain.from_iterable(token_lists)), dtype=object)
    codes, uniques = pd.factorize(flat)  # hashing in C: a dict in Python costs three times
    ids = codes.astype(np.int64)
    words: list[str] = uniques.tolist()
    units = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
    size = max(len(words), 1)
    unigrams = csr_matrix(
        (np.ones(len(ids), dtype=np.float64), (units, ids)), shape=(len(texts), size)
    )
    unigrams.sum_duplicates()
    # A bigram is two neighbouring tokens of one unit, numbered first * size + second.
    same = units[1:] == units[:-1]
    pairs = ids[:-1][same] * size + ids[1:][same]
    bigram_keys, bigram_ids = np.unique(pairs, return_inverse=True)
    bigrams = csr_matrix(
        (np.ones(len(pairs), dtype=np.float64), (units[1:][same], bigram_ids)),
        shape=(len(texts), len(bigram_keys)),
    )
    bigrams.sum_duplicates()
    names = words + [f"{words[k // size]} {words[k % size]}" for k in bigram_keys.tolist()]
    from scipy.sparse import hstack

    word_counts = hstack([unigrams, bigrams], format="csr")
    grams = CountVectorizer(analyzer="char_wb", ngram_range=CHAR_NGRAMS, lowercase=False)
    per_word = grams.fit_transform(words or [""]).astype(np.float64)
    char_counts = (unigrams @ per_word).tocsr() if words else csr_matrix((len(texts), 1))
    keep_words = _frequent(word_counts, 1.0)
    return FeatureCounts(
        words=word_counts[:, keep_words],
        chars=char_counts[:, _frequent(char_counts, MAX_SHARE)],
        word_names=[names[k] for k in keep_words.tolist()],
    )


def _frequent(counts: csr_matrix, share: float) -> npt.NDArray[np.int64]:
    """Columns present in at least MIN_UNITS rows and in at most `share` of them."""
    present = np.bincount(counts.indices, minlength=counts.shape[1])
    return np.flatnonzero((present >= MIN_UNITS) & (present <= share * counts.shape[0]))


@dataclass
class Weighting:
    """TF-IDF (sublinear term frequency, idf from the training rows only) of both blocks,
    each normalised to unit length, side by side."""

    words: TfidfTransformer
    chars: TfidfTransformer

    @classmethod
    def fit(cls, counts: FeatureCounts, rows: npt.NDArray[np.int64]) -> Weighting:
        from sklearn.feature_extraction.text import TfidfTransformer

        return cls(
            TfidfTransformer(sublinear_tf=True).fit(counts.words[rows]),
            TfidfTransformer(sublinear_tf=True).fit(counts.chars[rows]),
        )

    def transform(self, counts: FeatureCounts, rows: npt.NDArray[np.int64]) -> csr_matrix:
        from scipy.sparse import hstack

        words = self.words.transform(counts.words[rows])
        chars = self.chars.transform(counts.chars[rows])
        # Both blocks count equally: each row is then of length 1 again.
        return hstack([words * np.sqrt(0.5), chars * np.sqrt(0.5)], format="csr")
