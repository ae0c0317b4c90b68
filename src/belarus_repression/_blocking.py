"""Blocks for :func:`~belarus_repression.link`: which pairs of people are worth comparing.

Two datasets of 100,000 people make ten billion pairs; :func:`~belarus_repression.link`
compares only the pairs that share a *block*.  A block pairs a token of the given name with
a token of the surname, so that people who share only a common surname, or only a common
given name, are not compared.  The tokens are built on the name keys of
:func:`~belarus_repression.names.keys`, and are more lenient than
:func:`~belarus_repression.match_names`, so that the pairs it judges ``same`` share a block:

* A word's *skeleton* is its key without vowels and without the *z* of *dz*: akanye,
  ё/е/ë, ы/і/и, the systems' ways of writing vowels and iotation, the gendered endings
  (*-ski*/*-skaya*, *-au*/*-ava*, *-in*/*-ina*: the same consonants) and dzekanne
  (*Гваздзёлка*/*Гвоздёлко*) disappear from it.
* A word's *exact* tokens are its skeletons and, for a given name, its group in the table
  of given names (:func:`~belarus_repression.names.given_group`: *Uladzimir*, *Vladimir*
  and *Uladz* are one).
* Its *near* tokens add every skeleton one letter shorter (so that words one consonant
  apart share one: a slip of the pen, another system's reading), the first three letters of
  its key (Jaro-Winkler forgives much after a common start: *Syntetski*/*Syntetavich*)
  and, for a surname, the last six (a difference near the start only).
* A name's blocks pair the given name's exact tokens with the surname's near ones, and the
  given name's near tokens with the surname's exact ones: two names share a block when one
  of their words agrees exactly and the other nearly.  A name is also indexed with its order
  swapped, as :func:`~belarus_repression.match_names` compares it.

:class:`Index` lists the people of each block in order of their year of birth, so that a
person is offered only the people of the block whose births can overlap theirs (and those
whose birth is unknown or vague).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Final

from ._models import Name, Person
from ._vocab import TransliterationSystem
from .names import given_group, keys

__all__ = ["Blocker", "Index", "skeleton", "tokens"]

_VOWELS: Final = frozenset("aeiouy")
#: The letters of a key's start that make a near token.
_PREFIX: Final = 3
#: The letters of a surname key's end that make a near token.
_SUFFIX: Final = 6

#: A birth spanning more years than this is compared with every birth.
_SPAN: Final = 2

#: A word's exact and near tokens.
Tokens = tuple[frozenset[str], frozenset[str]]
#: The tokens of a name's given name and surname.
Pair = tuple[Tokens, Tokens]


def skeleton(key: str) -> str:
    """A key without its vowels and without the *z* of *dz*: ``gvazdzelka`` → ``gvdlk``."""
    return "".join(
        ch
        for i, ch in enumerate(key)
        if ch not in _VOWELS and not (ch == "z" and i and key[i - 1] == "d")
    )


def _shorter(skel: str) -> set[str]:
    """Every skeleton one letter shorter."""
    return {skel[:i] + skel[i + 1 :] for i in range(len(skel))} if len(skel) >= 2 else set()


def tokens(word_keys: Iterable[str], *, given: bool) -> Tokens:
    """The exact and near tokens of a word, read as a given name or as a surname."""
    exact: set[str] = set()
    near: set[str] = set()
    for key in word_keys:
        skel = skeleton(key)
        exact.add("s" + skel)
        near.update("s" + s for s in _shorter(skel))
        near.add("p" + key[:_PREFIX])
        if given:
            group = given_group(key)
            if group is not None:
                exact.add(f"g{group}")
        else:
            near.add("x" + key[-_SUFFIX:])
    return frozenset(exact), frozenset(exact | near)


class Blocker:
    """The blocks of people, with the keys and tokens of each word computed once."""

    def __init__(self) -> None:
        self._tokens: dict[tuple[str, TransliterationSystem | None, bool], Tokens] = {}

    def word_tokens(
        self, word: str, system: TransliterationSystem | None, *, given: bool
    ) -> Tokens:
        """The exact and near tokens of one word of a name."""
        found = self._tokens.get((word, system, given))
        if found is None:
            found = tokens(keys(word, system=system), given=given)
            self._tokens[word, system, given] = found
        return found

    def _pair(self, given: str, family: str, system: TransliterationSystem | None) -> Pair:
        return (
            self.word_tokens(given, system, given=True),
            self.word_tokens(family, system, given=False),
        )

    @staticmethod
    def _blocks(pair: Pair) -> set[str]:
        (given_exact, given_near), (family_exact, family_near) = pair
        return {f"{g}|{f}" for g in given_exact for f in family_near} | {
            f"{g}|{f}" for g in given_near for f in family_exact
        }

    def share(self, x: Name, y: Name) -> bool:
        """Whether two name forms share a block, the second read in either order."""
        words = (x.given, x.family), (y.given, y.family), (y.family, y.given)
        (gx, fx), *others = [
            (
                self.word_tokens(given, name.system, given=True),
                self.word_tokens(family, name.system, given=False),
            )
            for (given, family), name in zip(words, (x, y, y), strict=True)
        ]
        (gx_exact, gx_near), (fx_exact, fx_near) = gx, fx
        for (gy_exact, gy_near), (fy_exact, fy_near) in others:
            if (
                (not gx_exact.isdisjoint(gy_near) and not fx_near.isdisjoint(fy_exact))
                or (not gx_near.isdisjoint(gy_exact) and not fx_exact.isdisjoint(fy_near))
                or (not gx_exact.isdisjoint(gy_exact) and not fx_near.isdisjoint(fy_near))
                or (not gx_near.isdisjoint(gy_near) and not fx_exact.isdisjoint(fy_exact))
            ):
                return True
        return False

    def person_blocks(self, person: Person, *, swapped: bool = False) -> set[str]:
        """The blocks of every name form of a person; with *swapped*, of both orders too."""
        pairs = {self._pair(n.given, n.family, n.system) for n in person.names}
        if swapped:
            pairs |= {self._pair(n.family, n.given, n.system) for n in person.names}
        out: set[str] = set()
        for pair in pairs:  # a person's forms in other scripts mostly have the same tokens
            out |= self._blocks(pair)
        return out


def birth_years(person: Person) -> tuple[int, int] | None:
    """The first and last year a person can have been born in; ``None`` if unknown or vague."""
    if person.birth is None:
        return None
    first, last = person.birth.earliest.year, person.birth.latest.year
    return (first, last) if last - first <= _SPAN else None


def _first_year(years: tuple[int, int] | None) -> int:
    return -1 if years is None else years[0]


class Index:
    """People by block, numbered in order of their first possible year of birth.

    A person whose birth is unknown or spans more than two years comes first and is near
    everyone; the others are near the people of a block whose births can overlap theirs,
    found by bisection since every block lists its people in order.
    """

    def __init__(
        self, blocker: Blocker, people: Sequence[Person], done: Callable[[], object]
    ) -> None:
        years = [birth_years(p) for p in people]
        order = sorted(range(len(people)), key=lambda i: _first_year(years[i]))
        #: The people, in order of their first possible year of birth.
        self.people = [people[i] for i in order]
        self._starts = [_first_year(years[i]) for i in order]
        self._vague = bisect_left(self._starts, 0)
        self._blocks: defaultdict[str, list[int]] = defaultdict(list)
        for j, person in enumerate(self.people):
            for block in blocker.person_blocks(person, swapped=True):
                self._blocks[block].append(j)
            done()

    def near(self, blocks: Iterable[str], years: tuple[int, int] | None) -> set[int]:
        """The numbers of the people who share a block and can have been born with *years*."""
        out: set[int] = set()
        get = self._blocks.get
        if years is None:
            for block in blocks:
                found = get(block)
                if found is not None:
                    out.update(found)
            return out
        low = bisect_left(self._starts, years[0] - _SPAN)
        high = bisect_right(self._starts, years[1])
        vague = self._vague
        for block in blocks:
            found = get(block)
            if found is not None:
                out.update(found[: bisect_left(found, vague)])
                out.update(found[bisect_left(found, low) : bisect_left(found, high)])
        return out

    def clear(self) -> None:
        """Free the blocks."""
        self._blocks.clear()
