"""Reading the free-text fields of the Viasna export: terms, penalties, articles, roles, places.

Each parser returns what it understood, or ``None`` with the reason it did not: nothing is
guessed.  The tables are those of the export's English locale.
"""

from __future__ import annotations

import re
from typing import Final

from .._articles import read_article
from .._errors import ValidationError
from .._models import ArticleRef, Term
from .._vocab import Regime, Region, Role, SentenceKind

__all__ = [
    "parse_article",
    "parse_decision",
    "parse_penalty",
    "region_of_address",
    "roles_of",
]

# -- "decision": the term ----------------------------------------------------------------------

# Numbers have at most a few digits (a fine, 18): a longer one is not understood, and no
# integer of thousands of digits is ever converted.
_NUMBER = r"(\d{1,6})(?:\s+(1)/(2))?"
_TERM = re.compile(
    rf"(?:{_NUMBER}\s+years?)?\s*(?:(\d{{1,6}})\s+months?)?\s*(?:(\d{{1,6}})\s+days?)?",
    re.IGNORECASE,
)
_FINE = re.compile(r"(\d{1,18})\s+(?:base\s+(?:values?|units?)|basic\s+units?)", re.IGNORECASE)


def parse_decision(text: str) -> tuple[Term | None, int | None, str | None]:
    """A term ("6 years", "4 1/2 years", "19 months") or a fine ("500 base value").

    Returns:
        ``(term, fine_base_units, None)`` when understood, ``(None, None, why)`` when not.
    """
    t = " ".join(text.split())
    if m := _FINE.fullmatch(t):
        return None, int(m[1]), None
    if t.lower() in ("life", "life imprisonment"):
        return Term(life=True), None, None
    m = _TERM.fullmatch(t)
    if m is None or not any(m.groups()):
        return None, None, "not a term of years, months or days, nor a fine in base values"
    years = int(m[1] or 0)
    months = int(m[4] or 0) + (6 if m[2] else 0)
    days = int(m[5] or 0)
    total = years * 12 + months
    if total == 0 and days == 0:
        return None, None, "a term of zero"
    if total // 12 > 50:
        return None, None, "a term of more than 50 years"
    return Term(total // 12, total % 12, min(days, 31)), None, None


# -- "penalty": the kind of punishment -----------------------------------------------------------

_PENALTIES: Final[tuple[tuple[str, SentenceKind, Regime | None], ...]] = (
    ("general-security penal colony", SentenceKind.IMPRISONMENT, Regime.GENERAL),
    ("medium-security penal colony", SentenceKind.IMPRISONMENT, Regime.REINFORCED),
    ("maximum-security penal colony", SentenceKind.IMPRISONMENT, Regime.STRICT),
    ("special-regime penal colony", SentenceKind.IMPRISONMENT, Regime.SPECIAL),
    ("high security prison", SentenceKind.IMPRISONMENT, Regime.PRISON),
    ("colony-settlement", SentenceKind.IMPRISONMENT, Regime.COLONY_SETTLEMENT),
    ("under home confinement", SentenceKind.RESTRICTED_FREEDOM_HOME, None),
    ("domashnyaya khimiya", SentenceKind.RESTRICTED_FREEDOM_HOME, None),
    ("open penal facility", SentenceKind.RESTRICTED_FREEDOM_OPEN, None),
    ("khimiya", SentenceKind.RESTRICTED_FREEDOM_OPEN, None),
    ("suspended", SentenceKind.SUSPENDED, None),
    ("deferred", SentenceKind.DEFERRED, None),
    ("compulsory treatment", SentenceKind.COMPULSORY_TREATMENT, None),
    ("correctional labour", SentenceKind.CORRECTIONAL_LABOUR, None),
    ("life imprisonment", SentenceKind.LIFE, None),
    ("fine", SentenceKind.FINE, None),
    ("arrest", SentenceKind.ARREST, None),
)


def parse_penalty(text: str) -> tuple[SentenceKind, Regime | None] | None:
    """The kind (and regime) of a penalty text, or ``None`` when the text is not known."""
    t = " ".join(text.lower().split())
    for words, kind, regime in _PENALTIES:
        if words in t:
            return kind, regime
    if t == "imprisonment":
        return SentenceKind.IMPRISONMENT, None
    return None


# -- "articles" --------------------------------------------------------------------------------


def parse_article(text: str) -> tuple[ArticleRef | None, str | None]:
    """One article text of the export, in any of its shapes.

    "Art. 342 of the Criminal Code — ...", "Part 2 of Art. 293 ...", "Part 1 of Article 13 and
    Article 293 ..." (preparation; article 14: attempt), "Art. 407: ...", "art. 188".  Read by
    the library's one article reader, as a source cites an article (named, perhaps followed
    by its title).

    Returns:
        ``(ref, None)``, or ``(None, why)`` for a shape the importer does not know.
    """
    try:
        return read_article(text, "cited"), None
    except ValidationError as exc:
        return None, "; ".join(p.message for p in exc.problems)


# -- "description": roles ----------------------------------------------------------------------

_ROLE_WORDS: Final[tuple[tuple[str, Role], ...]] = (
    (r"\bjournalist|\breporter|\bcameraman|\bphotojournalist", Role.JOURNALIST),
    (r"human[- ]rights defender|human[- ]rights activist", Role.HUMAN_RIGHTS_DEFENDER),
    (r"\bviasna volunteer|\bvolunteer", Role.VOLUNTEER),
    (r"\bstudent", Role.STUDENT),
    (r"\blawyer|\battorney|\badvocate\b", Role.LAWYER),
    (r"\bblogger", Role.BLOGGER),
    (r"\bactivist", Role.ACTIVIST),
    (
        r"\bpolitician|\bcoordination council|\bpresidential candidate|\bparty (?:leader|member)",
        Role.POLITICIAN,
    ),
    (r"\bdoctor|\bphysician|\bmedic\b|\bnurse|\bparamedic", Role.MEDIC),
    (r"\bteacher|\blecturer", Role.TEACHER),
    (r"\bprofessor|\bscientist|\bresearcher|\bacademic", Role.ACADEMIC),
    (r"\btrade union", Role.TRADE_UNIONIST),
    (r"\bartist|\bmusician|\bwriter|\bpoet|\bactor|\bactress", Role.CULTURAL_FIGURE),
    (r"\bathlete|\bsportsman|\bsportswoman|\bfootball", Role.ATHLETE),
    (r"\bentrepreneur|\bbusinessman|\bbusinesswoman|\bbusiness owner", Role.ENTREPRENEUR),
    (r"\bpriest|\bpastor|\bclergy", Role.RELIGIOUS_FIGURE),
)


def roles_of(description: str) -> tuple[frozenset[Role], list[str]]:
    """The roles a description names, and the words that named them."""
    roles: set[Role] = set()
    evidence: list[str] = []
    for pattern, role in _ROLE_WORDS:
        if m := re.search(pattern, description, re.IGNORECASE):
            roles.add(role)
            evidence.append(f"{m[0].strip()!r} -> {role.value}")
    return frozenset(roles), evidence


# -- places ------------------------------------------------------------------------------------

# Where the export's addresses are (Latin, as in the export), by region.  A town outside this
# table gives no region: it is reported, not guessed.
_TOWNS: Final[dict[str, Region]] = {
    "minsk": Region.MINSK_CITY,
    "brest": Region.BREST,
    "baranavichy": Region.BREST,
    "pinsk": Region.BREST,
    "ivatsevichy": Region.BREST,
    "homiel": Region.HOMIEL,
    "homel": Region.HOMIEL,
    "gomel": Region.HOMIEL,
    "mazyr": Region.HOMIEL,
    "rechytsa": Region.HOMIEL,
    "svietlahorsk": Region.HOMIEL,
    "zhlobin": Region.HOMIEL,
    "hrodna": Region.HRODNA,
    "grodno": Region.HRODNA,
    "lida": Region.HRODNA,
    "vaukavysk": Region.HRODNA,
    "mahilioŭ": Region.MAHILIOU,
    "mahiliou": Region.MAHILIOU,
    "mogilev": Region.MAHILIOU,
    "babrujsk": Region.MAHILIOU,
    "babruisk": Region.MAHILIOU,
    "babrujsk'": Region.MAHILIOU,
    "škloŭ": Region.MAHILIOU,
    "shklou": Region.MAHILIOU,
    "vitsebsk": Region.VITSEBSK,
    "viciebsk": Region.VITSEBSK,
    "vitebsk": Region.VITSEBSK,
    "navapolack": Region.VITSEBSK,
    "navapolatsk": Region.VITSEBSK,
    "polatsk": Region.VITSEBSK,
    "orsha": Region.VITSEBSK,
    "orša": Region.VITSEBSK,
    "hlybokaje": Region.VITSEBSK,
    "barysaŭ": Region.MINSK_REGION,
    "barysau": Region.MINSK_REGION,
    "zhodzina": Region.MINSK_REGION,
    "žodzina": Region.MINSK_REGION,
    "salihorsk": Region.MINSK_REGION,
    "maladziečna": Region.MINSK_REGION,
    "maladzechna": Region.MINSK_REGION,
    "slutsk": Region.MINSK_REGION,
}


def region_of_address(address: str) -> Region | None:
    """The region of a Latin address ("220030, Minsk, vulica ..."), when its town is known."""
    for part in address.replace(";", ",").split(","):
        town = part.strip().lower()
        if town in _TOWNS:
            return _TOWNS[town]
    return None
