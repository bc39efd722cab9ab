"""Words on charts and in the report, in English and Dutch.

Every visible string goes through :func:`text` so that one ``lang`` switch ("en" or "nl")
changes a whole figure. Dutch domain words (koker, Wmo, mantelzorg, dorpsondersteuner) are kept
in both languages where they are the field's own words; English labels add a short gloss.
"""
from __future__ import annotations

from simulate.text.catalogue import TEXT

LANGS: tuple[str, ...] = ("en", "nl")

PAYER_NAMES: dict[str, dict[str, str]] = {
    "wmo": {"en": "Wmo", "nl": "Wmo"},
    "zvw": {"en": "Zvw", "nl": "Zvw"},
    "wlz": {"en": "Wlz", "nl": "Wlz"},
    "wpg": {"en": "Wpg", "nl": "Wpg"},
    "residents": {"en": "residents", "nl": "bewoners"},
    "funds": {"en": "funds", "nl": "fondsen"},
    "investor": {"en": "investor", "nl": "investeerder"},
    "budget_holder": {"en": "budget holder", "nl": "budgethouder"},
    "total": {"en": "all kokers", "nl": "alle kokers"},
}
#: Payers named in the plural ("residents invest", "fondsen betalen").
PLURAL_PAYERS: frozenset[str] = frozenset({"residents", "funds"})
#: What each payer is, for legends and the report (one explanation, in plain words).
PAYER_GLOSS: dict[str, dict[str, str]] = {
    "wmo": {"en": "municipality, social support", "nl": "gemeente, maatschappelijke ondersteuning"},
    "zvw": {"en": "health insurers", "nl": "zorgverzekeraars"},
    "wlz": {"en": "long-term care", "nl": "langdurige zorg"},
    "wpg": {"en": "municipality, public health", "nl": "gemeente, publieke gezondheid"},
    "residents": {"en": "own contributions", "nl": "eigen bijdragen"},
    "funds": {"en": "charitable funds", "nl": "fondsen"},
    "investor": {"en": "social investor", "nl": "maatschappelijk investeerder"},
    "budget_holder": {"en": "regional holder of a population budget (populatiebekostiging)",
                      "nl": "regionale houder van een populatiebudget (populatiebekostiging)"},
}
STATE_NAMES: dict[str, dict[str, str]] = {
    "vital": {"en": "vital", "nl": "vitaal"},
    "prefrail": {"en": "pre-frail", "nl": "pre-kwetsbaar"},
    "frail": {"en": "frail (Wmo support)", "nl": "kwetsbaar (Wmo)"},
    "homecare": {"en": "care at home (Zvw)", "nl": "zorg thuis (Zvw)"},
    "wlz_home": {"en": "Wlz care at home", "nl": "Wlz-zorg thuis"},
    "nursing_home": {"en": "nursing home", "nl": "verpleeghuis"},
}
SERVICE_GLOSS_EN: dict[str, str] = {
    "huishoudelijke_hulp": "household help", "begeleiding": "guidance",
    "dagbesteding": "day activities", "huisarts": "GP", "wijkverpleging": "district nursing",
    "ziekenhuis": "hospital", "seh": "emergency dept.", "heupfractuur": "hip fracture",
    "wlz_thuis": "Wlz at home", "verpleeghuis": "nursing home",
    "overige_zvw": "other Zvw care, by age", "publieke_gezondheid": "public health", "dorpsondersteuner": "village support worker",
    "wmo_vervoer": "Wmo taxi", "meeting_place": "ontmoetingsplek",
    "volunteer_transport": "vrijwilligersvervoer", "neighbour_help": "burenhulp",
    "meals": "eettafel", "day_activities": "dagbesteding by volunteers",
    "small_scale_housing": "kleinschalig wonen", "carer_support": "mantelzorgondersteuning",
    "fall_prevention": "valpreventie", "transfers": "transfers between payers",
}
#: Dutch names of initiatives and services whose keys are English words (Dutch charts use them).
DUTCH_NAMES: dict[str, str] = {
    "meeting_place": "ontmoetingsplek", "volunteer_transport": "vrijwilligersvervoer",
    "neighbour_help": "burenhulp", "meals": "eettafel",
    "day_activities": "dagbesteding door vrijwilligers",
    "small_scale_housing": "kleinschalig wonen",
    "carer_support": "mantelzorgondersteuning", "fall_prevention": "valpreventie",
    "transfers": "overdrachten tussen betalers",
    "overige_zvw": "overige Zvw-zorg (naar leeftijd)",
}

def check_lang(lang: str) -> str:
    """Return ``lang`` if supported, else raise a ValueError that names the choices."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)} (got {lang!r})")
    return lang


def text(key: str, lang: str, **fields) -> str:
    """The words ``key`` of the catalogue (:data:`simulate.text.catalogue.TEXT`) in ``lang``
    with ``{fields}`` filled in."""
    return TEXT[key][check_lang(lang)].format(**fields)


def both(lang: str, en: str, nl: str) -> str:
    """A sentence built where its numbers are (a finding, a table note), given in both
    languages side by side so neither can be forgotten; ``lang`` is checked (an unknown
    language is an error, not silently Dutch). Fixed words belong in the catalogue."""
    return en if check_lang(lang) == "en" else nl


def payer_name(payer: str, lang: str) -> str:
    """Display name of a payer (koker), e.g. 'Wmo' or 'bewoners'."""
    return PAYER_NAMES.get(payer, {}).get(check_lang(lang), payer)


def payer_subject(payer: str, lang: str, capital: bool = False) -> str:
    """A payer as the subject of a sentence: 'the Wmo', 'de Zvw', 'residents'."""
    name = payer_name(payer, lang)
    if payer in ("wmo", "zvw", "wlz", "wpg", "investor", "budget_holder", "total"):
        name = ("the " if lang == "en" else "de ") + name
    return name[:1].upper() + name[1:] if capital else name


def is_plural(payers: list[str] | tuple[str, ...] | str) -> bool:
    """Whether a subject of one or more payers takes a plural verb."""
    if isinstance(payers, str):
        return payers in PLURAL_PAYERS
    return len(payers) != 1 or payers[0] in PLURAL_PAYERS


def verb(payers: list[str] | tuple[str, ...] | str, lang: str, en: str, nl: str) -> str:
    """A verb that agrees with its subject: ``verb("wmo", "en", "pays", "betaalt|betalen")``
    is 'pays'; with residents, funds or several payers it is 'pay' (English drops the final
    's') or 'betalen' (Dutch gives the plural after '|')."""
    sing_nl, _, plur_nl = nl.partition("|")
    if not is_plural(payers):
        return en if check_lang(lang) == "en" else sing_nl
    if check_lang(lang) == "en":
        return "have" if en == "has" else en[:-1] if en.endswith("s") else en
    return plur_nl or sing_nl


def state_name(state: str, lang: str) -> str:
    """Display name of a care state."""
    return STATE_NAMES.get(state, {}).get(check_lang(lang), state)


def initiative_name(name: str, lang: str) -> str:
    """Display name of an initiative (a scenario key): in Dutch the Dutch word when the key
    is an English one ('meeting_place' -> 'ontmoetingsplek'), else the key with spaces."""
    if check_lang(lang) == "nl" and name in DUTCH_NAMES:
        return DUTCH_NAMES[name]
    return name.replace("_", " ")


def service_name(service: str, lang: str) -> str:
    """Display name of a service: the Dutch term, with an English gloss in English."""
    if check_lang(lang) == "nl" and service in DUTCH_NAMES:
        return DUTCH_NAMES[service]
    base = service.replace("_", " ")
    gloss = SERVICE_GLOSS_EN.get(service)
    return f"{base} ({gloss})" if check_lang(lang) == "en" and gloss else base


def join_names(names: list[str], lang: str) -> str:
    """'A', 'A and B', 'A, B and C' (en) or 'A en B' (nl)."""
    word = " and " if lang == "en" else " en "
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + word + names[-1]
