"""Reading a Criminal Code article from the text people and sources write for it.

This is the one reader of article text in the library: the ``article`` filter of the
counts, the catalogue lookup :func:`~belarus_repression.article`, the Viasna importer and
:meth:`ArticleRef.parse <belarus_repression.ArticleRef.parse>` (which reads the files' text
form only) all use :func:`read_article`.

It reads, in any letter case and spacing:

- the library's own text form: ``342``, ``361-1``, ``293 p.2``, ``293 p.1 (preparation)``;
- English: ``Art. 342``, ``Article 293 part 2``, ``Art. 342(1)``, ``Part 2 of Art. 293``;
- Russian and Belarusian: ``ст. 342``, ``ч.2 ст.293``, ``часть 2 статьи 293``, ``арт. 342``;
- preparation (article 13) and attempt (article 14) written before the article:
  ``Part 1 of Article 13 and Article 293``, ``ч.1 ст.13, ч.2 ст.293``;
- the name of the code after it: ``of the Criminal Code``, ``CC``, ``УК``, ``УК РБ``, ``КК``.

A part is a *part* (``ч.``, ``часть``, ``частка``); a *point* (``п.``, ``пункт``) is not
read as one.  Nothing is guessed: any other text is refused.
"""

from __future__ import annotations

import re
from typing import Final, Literal

from ._errors import Problem, ValidationError, shorten
from ._models import ArticleRef

__all__ = ["Form", "read_article"]

#: How an article is written: in any form, in the library's own text form, or cited by a source.
Form = Literal["any", "text", "cited"]

_FLAGS: Final = re.IGNORECASE

#: The library's own text form, ``str(ArticleRef)``: read first, as files hold it.
_CANONICAL: Final = re.compile(
    r"([1-9]\d{0,2}(?:-[1-9]\d?)?)(?: p\.(\d+))?(?: \((preparation|attempt)\))?"
)

_ARTICLE_WORD: Final = r"(?:article|art\.?|стать\w*|ст\.?|артыкул\w*|арт\.?)"
_PART_WORD: Final = r"(?:part|pt\.?|p\.?|част\w*|ч\.?)"
_NUMBER: Final = r"(\d{1,3}(?:-\d{1,2})?)(?!\w)"
_AND: Final = r"\s*(?:and|и|і|,|&)\s*"

#: ``Part 1 of Article 13 and ``: preparation (13) or attempt (14) of the article after it.
_HELPER: Final = re.compile(
    rf"(?:{_PART_WORD}\s*\d{{1,2}}\s*(?:of\s+)?)?{_ARTICLE_WORD}\s*(13|14){_AND}", _FLAGS
)
#: ``Part 2 of `` / ``ч.2 ``, when an article word follows.
_PART_BEFORE: Final = re.compile(
    rf"{_PART_WORD}\s*(\d{{1,2}})\s*(?:of\s+)?(?={_ARTICLE_WORD})", _FLAGS
)
_ARTICLE: Final = re.compile(rf"({_ARTICLE_WORD})?\s*{_NUMBER}", _FLAGS)
#: `` part 2`` / ``, ч. 2`` / ``(2)`` after the article number.
_PART_AFTER: Final = re.compile(
    rf"\s*,?\s*{_PART_WORD}\s*(\d{{1,2}})(?!\w)|\s*\((\d{{1,2}})\)", _FLAGS
)
_FLAG_AFTER: Final = re.compile(r"\s*\((preparation|attempt)\)", _FLAGS)
_CODE_NAME: Final = re.compile(
    r"\s*(?:of\s+the\s+criminal\s+code|of\s+the\s+cc|cc|ук(?:\s+(?:рб|республики\s+беларусь))?"
    r"|кк(?:\s+рб)?)(?!\w)",
    _FLAGS,
)
#: What may follow an article in a source's cell: its title or a comment.
_TITLE: Final = re.compile(r"[—–:\-,(]")


def _refuse(text: object, why: str) -> ValidationError:
    return ValidationError([Problem("article.malformed", why, value=shorten(text))])


def read_article(text: str, form: Form = "any") -> ArticleRef:
    """Read one Criminal Code article from text in any of the forms listed above.

    Args:
        text: The text, such as ``"293 p.2"``, ``"Art. 293 part 2"`` or ``"ч.2 ст.293"``.
        form: How the text is written.  ``"any"``: any form above, and nothing else, so
            that a list such as ``"293, 342"`` is refused rather than read as its first
            article.  ``"text"``: only the library's own text form (the form files hold).
            ``"cited"``: as a source's cell cites an article: the article must be named
            (``Art. 342``, ``ст. 342``; a bare ``342`` is refused, as a number alone may be
            anything in a source) and may be followed by its title after a dash, colon,
            comma or parenthesis (``Art. 342 of the Criminal Code — Organization ...``).

    Returns:
        The article, with its part and the preparation or attempt flag when the text gives
        them.

    Raises:
        ValidationError: with code ``article.malformed`` for text that is not an article
            in a known form, or an article number of the wrong shape (``0``, ``342-0``).

    .. versionadded:: 0.2.0
    """
    if not isinstance(text, str):
        raise _refuse(text, "an article is given as text, such as '342' or '293 p.2'")
    s = text.strip() if form == "text" else " ".join(text.split())
    if form != "cited" and (m := _CANONICAL.fullmatch(s)):
        return ArticleRef(
            m[1],
            None if m[2] is None else int(m[2]),
            preparation=m[3] == "preparation",
            attempt=m[3] == "attempt",
        )
    if form == "text":
        raise _refuse(
            text, "expected an article such as '342', '293 p.2' or '293 p.1 (preparation)'"
        )
    cited = form == "cited"
    pos = 0
    helper: str | None = None
    part: str | None = None
    if m := _HELPER.match(s):
        helper, pos = m[1], m.end()
    if m := _PART_BEFORE.match(s, pos):
        part, pos = m[1], m.end()
    m = _ARTICLE.match(s, pos)
    if m is None:
        raise _refuse(
            text,
            "no article in a known form, such as '342', '293 p.2', 'Art. 293 part 2' or "
            "'ч. 2 ст. 293'",
        )
    if m[1] is None and (cited or helper or part):
        raise _refuse(text, "the article number is not named as one ('Art. 342', 'ст. 342')")
    number, pos = m[2], m.end()
    if part is None and (m := _PART_AFTER.match(s, pos)):
        part, pos = m[1] or m[2], m.end()
    flag = None
    if helper is None and (m := _FLAG_AFTER.match(s, pos)):
        flag, pos = m[1].lower(), m.end()
    if m := _CODE_NAME.match(s, pos):
        pos = m.end()
    rest = s[pos:].strip()
    if rest and not (cited and _TITLE.match(rest)):
        raise _refuse(text, f"unexpected text after the article: {rest[:40]!r}")
    return ArticleRef(
        number,
        None if part is None else int(part),
        preparation=helper == "13" or flag == "preparation",
        attempt=helper == "14" or flag == "attempt",
    )
