"""The closed vocabularies of the domain model, as string enums.

Each member's value is the text used in files; the docs list every value.
"""

from __future__ import annotations

import enum

__all__ = [
    "VOCABULARIES",
    "EndReason",
    "Gender",
    "HealthCondition",
    "Metric",
    "ObservationKind",
    "Recognition",
    "RecordQualifier",
    "Regime",
    "Region",
    "Role",
    "Script",
    "SentenceKind",
    "TransliterationSystem",
]


class Gender(enum.StrEnum):
    """A person's gender as sources record it."""

    FEMALE = "female"
    MALE = "male"
    UNKNOWN = "unknown"


class Region(enum.StrEnum):
    """The six oblasts of Belarus and the city of Minsk (Belarusian passport-style names)."""

    BREST = "brest"
    HOMIEL = "homiel"
    HRODNA = "hrodna"
    MAHILIOU = "mahiliou"
    MINSK_REGION = "minsk_region"
    VITSEBSK = "vitsebsk"
    MINSK_CITY = "minsk_city"


class Role(enum.StrEnum):
    """What a person is known for, as far as it bears on their persecution."""

    JOURNALIST = "journalist"
    HUMAN_RIGHTS_DEFENDER = "human_rights_defender"
    LAWYER = "lawyer"
    POLITICIAN = "politician"
    ACTIVIST = "activist"
    MEDIC = "medic"
    STUDENT = "student"
    TEACHER = "teacher"
    ACADEMIC = "academic"
    BLOGGER = "blogger"
    TRADE_UNIONIST = "trade_unionist"
    CULTURAL_FIGURE = "cultural_figure"
    ATHLETE = "athlete"
    RELIGIOUS_FIGURE = "religious_figure"
    ENTREPRENEUR = "entrepreneur"
    VOLUNTEER = "volunteer"


class Recognition(enum.StrEnum):
    """Whether a human-rights organisation recognised the person as a political prisoner."""

    RECOGNIZED = "recognized"
    NOT_RECOGNIZED = "not_recognized"
    UNKNOWN = "unknown"


class Script(enum.StrEnum):
    """ISO 15924 code of the script a name is written in."""

    CYRILLIC = "Cyrl"
    LATIN = "Latn"


class TransliterationSystem(enum.StrEnum):
    """How a Latin name form was made from Cyrillic."""

    #: Belarusian national system of 2007 (adopted by the UN in 2007).
    NATIONAL_2007 = "national_2007"
    BGN_PCGN = "bgn_pcgn"
    #: ICAO Doc 9303 / passport style, used by Viasna and most English-language media.
    ICAO = "icao"
    #: ALA-LC (Library of Congress), with or without its tie bars, breves and primes.
    ALA_LC = "ala_lc"
    #: ISO 9:1995, identical to GOST 7.79-2000 System A: one letter for each letter.
    ISO_9 = "iso_9"
    #: Łacinka, the historical Belarusian Latin alphabet.
    LACINKA = "lacinka"
    #: GOST 7.79-2000 System B (Russian).
    GOST_7_79_B = "gost_7_79_b"
    #: An unsystematic or unknown romanisation.
    OTHER = "other"


class SentenceKind(enum.StrEnum):
    """The kind of punishment a verdict imposed."""

    IMPRISONMENT = "imprisonment"
    #: Restricted freedom in an open-type institution ("khimiya").
    RESTRICTED_FREEDOM_OPEN = "restricted_freedom_open"
    #: Restricted freedom under home confinement ("domashnyaya khimiya").
    RESTRICTED_FREEDOM_HOME = "restricted_freedom_home"
    SUSPENDED = "suspended"
    DEFERRED = "deferred"
    FINE = "fine"
    ARREST = "arrest"
    CORRECTIONAL_LABOUR = "correctional_labour"
    COMPULSORY_TREATMENT = "compulsory_treatment"
    LIFE = "life"
    DEATH = "death"
    #: A penalty the source describes in words the library does not know (see ``raw``).
    OTHER = "other"


class Regime(enum.StrEnum):
    """The security regime of imprisonment."""

    GENERAL = "general"
    REINFORCED = "reinforced"
    STRICT = "strict"
    SPECIAL = "special"
    PRISON = "prison"
    COLONY_SETTLEMENT = "colony_settlement"


class EndReason(enum.StrEnum):
    """Why a custody spell ended."""

    SENTENCE_SERVED = "sentence_served"
    PARDON = "pardon"
    EARLY_RELEASE = "early_release"
    SENTENCE_COMMUTED = "sentence_commuted"
    ACQUITTED = "acquitted"
    CASE_CLOSED = "case_closed"
    DIED_IN_CUSTODY = "died_in_custody"
    OTHER = "other"
    UNKNOWN = "unknown"


class ObservationKind(enum.StrEnum):
    """A state of a person that holds over a period."""

    INCOMMUNICADO = "incommunicado"
    SERIOUS_ILLNESS = "serious_illness"
    DISABILITY = "disability"
    PSYCHIATRIC_TREATMENT = "psychiatric_treatment"
    PUNISHMENT_CELL = "punishment_cell"
    PRISON_REGIME = "prison_regime"
    HUNGER_STRIKE = "hunger_strike"
    EXTREMIST_LIST = "extremist_list"
    TERRORIST_LIST = "terrorist_list"


class HealthCondition(enum.StrEnum):
    """A kind of health condition reported for a person in custody."""

    DENTAL = "dental"
    EYES = "eyes"
    KIDNEYS = "kidneys"
    JOINTS = "joints"
    LUNGS = "lungs"
    GASTROINTESTINAL = "gastrointestinal"
    CANCER = "cancer"
    HIV = "hiv"
    CARDIOVASCULAR = "cardiovascular"
    MENTAL_HEALTH = "mental_health"
    DIABETES = "diabetes"
    NEUROLOGICAL = "neurological"
    OTHER = "other"


class Metric(enum.StrEnum):
    """What a published figure counts."""

    POLITICAL_PRISONERS = "political_prisoners"
    CONVICTIONS = "convictions"
    PARDONED = "pardoned"
    RELEASED_SENTENCE_SERVED = "released_sentence_served"
    RECOGNIZED = "recognized"
    SERIOUS_ILLNESS = "serious_illness"
    DEATHS_IN_CUSTODY = "deaths_in_custody"
    INCOMMUNICADO = "incommunicado"


class RecordQualifier(enum.StrEnum):
    """How a published figure relates to the true number."""

    EXACT = "exact"
    AT_LEAST = "at_least"
    ABOUT = "about"
    MORE_THAN = "more_than"
    AT_MOST = "at_most"


#: Every vocabulary of the domain model, for code that must treat them alike.
VOCABULARIES: tuple[type[enum.StrEnum], ...] = (
    EndReason,
    Gender,
    HealthCondition,
    Metric,
    ObservationKind,
    Recognition,
    RecordQualifier,
    Regime,
    Region,
    Role,
    Script,
    SentenceKind,
    TransliterationSystem,
)
