"""Krippendorff's unitizing alphas (uα, |uα, cuα) for coders' spans on one continuum.

Following Krippendorff, Mathet, Bouvry & Widlöcher (2016), "On the reliability of unitizing
textual continua: further developments", and Krippendorff's Content Analysis (4th ed.,
section 12.6). Each coder divides a continuum of length L into units (their coded spans, with
a value: the code) and the gaps between them. With m coders:

* observed coincidences l_ck = sum over ordered coder pairs (i, j), i != j, of the length where
  coder i has value c and coder j value k, divided by m - 1 (gaps are the value "none");
* expected coincidences e_ck = l..(l_c. l_.k - [c = k] S_c) / (l..^2 - sum S), where S_c sums
  the squared lengths of the units of value c (a unit cannot pair with itself) and, gaps being
  divisible anywhere, S_none is the total gap length;
* uα = 1 - (l.. - sum l_cc) / (l.. - sum e_cc) over all values and gaps (nominal);
* |uα is the same with every code collapsed into "coded" (unit versus gap);
* cuα keeps only the coincidences of intersecting units (no gaps): l*_ck = l_ck for codes,
  and S*_c sums, over the units g of value c, the square of g's pairable length: its
  overlap with the other coders' units averaged over those m - 1 coders (the length g adds
  to the margins, as a unit's own length does in uα). For two coders this is the squared
  intersection; for more it is our reading of the paper, chosen because it keeps the
  expected coincidences positive (summing each coder's squared overlap instead can drive
  the denominator below zero).

Conventions: spans are half-open [start, end); overlapping spans of one coder with one code
are merged into a unit, touching ones stay separate units. uα and cuα need each coder's units
not to overlap (a partition of the continuum); |uα merges a coder's overlapping units of any
codes. Sums are kept as integers where they can grow past 2**53.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from workbench.agreement.binary import popcounts
from workbench.agreement.coefficients import Coefficient, undefined
from workbench.agreement.sweep import (
    Ints,
    Units,
    as_ints,
    coder_stretches,
    covered_length,
    distinct,
    merge_overlapping,
    pattern_lengths,
)
from workbench.errors import WorkbenchError

Span = tuple[str, str, int, int]  # (coder, code, start, end)


@dataclass(frozen=True)
class SpanData:
    """Validated spans as arrays: coder and code as indexes into `coders` and `codes`."""

    coders: tuple[str, ...]
    codes: tuple[str, ...]
    length: int
    coder: Ints
    code: Ints
    start: Ints
    end: Ints


def span_data(spans: Iterable[Span], length: int, coders: Sequence[str] | None) -> SpanData:
    rows = list(spans)
    names = tuple(dict.fromkeys(coders if coders is not None else (r[0] for r in rows)))
    codes = tuple(dict.fromkeys(str(r[1]) for r in rows))
    coder_index = {name: i for i, name in enumerate(names)}
    code_index = {name: i for i, name in enumerate(codes)}
    if not _whole(length) or length < 0:
        raise WorkbenchError(f"the continuum's length must be a whole number, not {length!r}")
    for coder, code, start, end in rows:
        if coder not in coder_index:
            raise WorkbenchError(f"a span of '{coder}', who is not among the coders")
        if not (_whole(start) and _whole(end)):
            raise WorkbenchError(
                f"span [{start}, {end}) of '{coder}' ({code}): offsets are whole numbers "
                "(character positions)"
            )
        if not 0 <= start <= end <= length:
            raise WorkbenchError(
                f"span [{start}, {end}) of '{coder}' ({code}) is outside 0..{length}"
            )
        if start == end:
            raise WorkbenchError(
                f"span [{start}, {end}) of '{coder}' ({code}) is empty: a span needs start < end"
            )
    return SpanData(
        names,
        codes,
        int(length),
        as_ints([coder_index[r[0]] for r in rows]),
        as_ints([code_index[str(r[1])] for r in rows]),
        as_ints([r[2] for r in rows]),
        as_ints([r[3] for r in rows]),
    )


def _whole(offset: object) -> bool:
    """An int (or numpy integer), not a float however whole, and not a bool."""
    return isinstance(offset, numbers.Integral) and not isinstance(offset, bool)


def _basic_checks(data: SpanData) -> Coefficient | None:
    if len(data.coders) < 2:
        return undefined("needs two or more coders")
    if data.length <= 0:
        return undefined("empty continuum")
    return None


def binary_alpha_from_lengths(
    lengths_by_pattern: npt.ArrayLike, squares: int, total: int, m: int
) -> Coefficient:
    """|uα from the covered length per coder pattern (pattern 0 ignored: it is the rest).

    `squares` is the sum of squared unit lengths and `total` the continuum length L.
    """
    lengths = as_ints(lengths_by_pattern)
    r = popcounts(m)
    pairs = int((lengths * r * (m - r)).sum())  # (m - 1) * l_coded,gap
    coded = int((lengths * r).sum())  # l_coded. : every coder's coded length
    values = m * total  # l..
    gaps = values - coded
    if coded == 0:
        return undefined("no coder marked any unit")
    if gaps == 0:
        return undefined("no variation: every coder coded the whole continuum")
    numerator = pairs * (values * values - squares - gaps)
    denominator = (m - 1) * values * gaps * coded
    return Coefficient(1 - numerator / denominator)


def binary_u_alpha(
    spans: Iterable[Span], length: int, coders: Sequence[str] | None = None
) -> Coefficient:
    """|uα: do the coders agree on what is coded at all (units versus gaps), whatever the code."""
    return binary_u_alpha_of(span_data(spans, length, coders))


def binary_u_alpha_of(data: SpanData) -> Coefficient:
    problem = _basic_checks(data)
    if problem is not None:
        return problem
    units = merge_overlapping(data.coder, data.start, data.end)
    m = len(data.coders)
    stretches = coder_stretches(
        np.zeros(len(units), dtype=np.int64), units.key, units.start, units.end, m
    )
    squares = int(((units.end - units.start) ** 2).sum())
    return binary_alpha_from_lengths(pattern_lengths(stretches, 1, m)[0], squares, data.length, m)


def _code_units(data: SpanData) -> Units:
    """Each coder's units, one code at a time merged; key = coder * codes + code."""
    n_codes = max(len(data.codes), 1)
    return merge_overlapping(data.coder * n_codes + data.code, data.start, data.end)


def find_overlap(coder: Ints, start: Ints, end: Ints) -> tuple[int, int, int] | None:
    """(earlier unit, later unit, coder) for two overlapping units of one coder, if any."""
    if len(start) < 2:
        return None
    order = np.lexsort((start, coder))
    c, s, e = coder[order], start[order], end[order]
    block = int(e.max()) + 1  # shift each coder into a block of its own, as in the sweep
    reach = np.maximum.accumulate(c * block + e)
    clash = np.flatnonzero(c[1:] * block + s[1:] < reach[:-1])
    if len(clash) == 0:
        return None
    k = int(clash[0]) + 1
    earlier = np.flatnonzero((c[:k] == c[k]) & (e[:k] > s[k]))
    return int(order[earlier[0]]), int(order[k]), int(c[k])


def _overlap_note(data: SpanData, units: Units, n_codes: int) -> Coefficient | None:
    coder = units.key // n_codes
    found = find_overlap(coder, units.start, units.end)
    if found is None:
        return None
    first, second, who = found
    a, b = data.codes[units.key[first] % n_codes], data.codes[units.key[second] % n_codes]
    where = (
        f"{max(units.start[first], units.start[second])}-{min(units.end[first], units.end[second])}"
    )
    return undefined(
        f"{data.coders[who]}'s units of '{a}' and '{b}' overlap at {where}; u-alpha and cu-alpha "
        f"need each coder's units not to overlap (|u-alpha and per-code u-alpha do not)"
    )


@dataclass(frozen=True)
class _Coincidences:
    observed: npt.NDArray[np.float64]  # (V, V), value 0 = gap
    squares: npt.NDArray[np.float64]  # S_c per value (gap: its total length)
    units: Units
    n_codes: int


def _coincidences(data: SpanData) -> _Coincidences | Coefficient:
    n_codes = max(len(data.codes), 1)
    units = _code_units(data)
    clash = _overlap_note(data, units, n_codes)
    if clash is not None:
        return clash
    m = len(data.coders)
    coder, code = units.key // n_codes, units.key % n_codes
    bounds = distinct(np.concatenate([[0, data.length], units.start, units.end]))
    left, widths = bounds[:-1], np.diff(bounds).astype(np.float64)
    values = np.zeros((m, len(left)), dtype=np.int64)  # 0 = gap, 1 + code otherwise
    for j in range(m):
        mine = np.flatnonzero(coder == j)
        mine = mine[np.argsort(units.start[mine], kind="stable")]
        s, e, v = units.start[mine], units.end[mine], code[mine]
        if len(s) == 0:
            continue  # this coder marked nothing: gaps throughout
        k = np.searchsorted(s, left, side="right") - 1
        inside = (k >= 0) & (left < e[np.maximum(k, 0)])
        values[j] = np.where(inside, v[np.maximum(k, 0)] + 1, 0)
    size = n_codes + 1
    observed = np.zeros(size * size)
    for i in range(m):
        for j in range(m):
            if i != j:
                observed += np.bincount(
                    values[i] * size + values[j], weights=widths, minlength=size * size
                )
    observed = observed.reshape(size, size) / (m - 1)
    squares = np.zeros(size)
    np.add.at(squares, code + 1, (units.end - units.start).astype(np.float64) ** 2)
    squares[0] = observed[0].sum()
    return _Coincidences(observed, squares, units, n_codes)


def _nominal(observed: npt.NDArray[np.float64], squares: npt.NDArray[np.float64]) -> Coefficient:
    margins = observed.sum(axis=1)
    total = margins.sum()
    if np.count_nonzero(margins > 0) < 2:
        return undefined("no variation: one value everywhere")
    scale = total * total - squares.sum()
    if scale <= 0:
        return undefined("too little data to estimate chance")
    expected_diagonal = total * (margins * margins - squares) / scale
    disagreement = total - expected_diagonal.sum()
    if disagreement <= 0:
        return undefined("no disagreement is expected by chance")
    return Coefficient(float(1 - (total - np.trace(observed)) / disagreement))


def u_alpha(spans: Iterable[Span], length: int, coders: Sequence[str] | None = None) -> Coefficient:
    """uα: agreement on units and their codes together, gaps included (nominal)."""
    return u_alpha_of(span_data(spans, length, coders))


def _checked_coincidences(data: SpanData) -> _Coincidences | Coefficient:
    """The coincidences of `data`, or the Coefficient that says why there are none."""
    problem = _basic_checks(data)
    if problem is not None:
        return problem
    if len(data.start) == 0:
        return undefined("no coder marked any unit")
    return _coincidences(data)


def u_alpha_of(data: SpanData) -> Coefficient:
    found = _checked_coincidences(data)
    if isinstance(found, Coefficient):
        return found
    return _nominal(found.observed, found.squares)


def cu_alpha(
    spans: Iterable[Span], length: int, coders: Sequence[str] | None = None
) -> Coefficient:
    """cuα: agreement on which code, where units of different coders intersect (no gaps)."""
    return cu_alpha_of(span_data(spans, length, coders))


def cu_alpha_of(data: SpanData) -> Coefficient:
    found = _checked_coincidences(data)
    if isinstance(found, Coefficient):
        return found
    units, n_codes, m = found.units, found.n_codes, len(data.coders)
    observed = found.observed[1:, 1:]
    if observed.sum() == 0:
        return undefined("no unit of one coder intersects a unit of another")
    coder, code = units.key // n_codes, units.key % n_codes
    # Each unit's pairable length: its overlap with the other coders' units, averaged over
    # them (what the unit adds to the margins). A unit cannot pair with itself, so its
    # squared pairable length leaves the expected coincidences, as l^2 does in uα.
    pairable = np.zeros(len(units))
    for j in range(m):
        theirs = np.flatnonzero(coder == j)
        order = theirs[np.argsort(units.start[theirs], kind="stable")]
        others = coder != j
        pairable[others] += covered_length(
            units.start[order], units.end[order], units.start[others], units.end[others]
        )
    pairable /= m - 1
    squares = np.bincount(code, weights=pairable**2, minlength=n_codes).astype(np.float64)
    return _nominal(observed, squares)
