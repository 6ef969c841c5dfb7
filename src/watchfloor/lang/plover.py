"""The PLOVER event ontology: types, quad classes, trigger words and the CAMEO mapping.

PLOVER (openeventdata/PLOVER) codes an event as what (type), how (mode) and why (context).
The trigger lexicon below is general English vocabulary for each type; the CAMEO table
follows PLOVER's own ``CAMEO2PLOVER`` file at the level of CAMEO's two- and three-digit
codes, so that CAMEO-coded test sets can be scored against PLOVER types.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "EVENT_TYPES",
    "QUAD_CLASS",
    "TRIGGERS",
    "Trigger",
    "cameo_to_plover",
    "family_of",
]

QUAD_CLASS: dict[str, str] = {
    "AGREE": "verbal cooperation",
    "CONSULT": "verbal cooperation",
    "SUPPORT": "verbal cooperation",
    "CONCEDE": "verbal cooperation",
    "COOPERATE": "material cooperation",
    "AID": "material cooperation",
    "RETREAT": "material cooperation",
    "REQUEST": "verbal conflict",
    "ACCUSE": "verbal conflict",
    "REJECT": "verbal conflict",
    "THREATEN": "verbal conflict",
    "PROTEST": "material conflict",
    "SANCTION": "material conflict",
    "MOBILIZE": "material conflict",
    "COERCE": "material conflict",
    "ASSAULT": "material conflict",
}
EVENT_TYPES = tuple(QUAD_CLASS)


@dataclass(frozen=True, slots=True)
class Trigger:
    type: str
    mode: str | None = None
    context: str | None = None
    pos: str = "any"
    """'verb', 'noun' or 'any': which part of speech the word triggers as."""
    military: bool = False
    """Triggers only in a military setting ("exercise", "drills", "deployment")."""


def _many(words: str, trigger: Trigger) -> dict[str, Trigger]:
    return dict.fromkeys(words.split(), trigger)


TRIGGERS: dict[str, Trigger] = {
    # material conflict
    **_many(
        "mobilize mobilise mobilization mobilisation conscription call-up",
        Trigger("MOBILIZE", "troops", "military"),
    ),
    **_many(
        "draft recruit conscript muster", Trigger("MOBILIZE", "troops", "military", pos="verb")
    ),
    **_many(
        "deploy deployment redeploy redeployment amass reinforce reinforcement buildup build-up",
        Trigger("MOBILIZE", "troops", "military", military=True),
    ),
    **_many(
        "exercise exercises drill drills manoeuvre manoeuvres maneuver maneuvers wargame",
        Trigger("MOBILIZE", "troops", "military", pos="noun", military=True),
    ),
    "alert": Trigger("MOBILIZE", "troops", "military", pos="noun", military=True),
    "readiness": Trigger("MOBILIZE", "troops", "military", pos="noun", military=True),
    **_many(
        "attack airstrike air-strike bomb bombing shell shelling invade invasion assault "
        "ambush assassinate assassination abduct kidnap torture explosion clash clashes "
        "fighting",
        Trigger("ASSAULT", None, "military"),
    ),
    **_many("kill shoot fire", Trigger("ASSAULT", None, None, pos="verb")),
    "strike": Trigger("ASSAULT", None, "military", pos="verb"),
    **_many(
        "arrest detain detention seize confiscate deport deportation censor ban raid jail "
        "imprison blockade occupy occupation curfew martial",
        Trigger("COERCE", None, "legal"),
    ),
    **_many("sentence convict", Trigger("COERCE", "arrest", "legal", pos="verb")),
    **_many("sanction sanctions expel expulsion embargo", Trigger("SANCTION", None, "diplomatic")),
    **_many(
        "protest protests demonstrate demonstration rally riot riots march",
        Trigger("PROTEST", "demo", None),
    ),
    # verbal conflict
    **_many("threaten threat threats ultimatum", Trigger("THREATEN", None, None)),
    **_many("reject refuse refusal veto", Trigger("REJECT", None, None)),
    **_many(
        "accuse accusation criticize criticise condemn denounce blame investigate investigation",
        Trigger("ACCUSE", None, None),
    ),
    **_many("demand urge appeal request", Trigger("REQUEST", None, None)),
    # material cooperation
    **_many("cooperate cooperation collaborate collaboration", Trigger("COOPERATE", None, None)),
    **_many("aid assist assistance donate donation", Trigger("AID", None, None)),
    **_many(
        "withdraw withdrawal retreat demobilize demobilise", Trigger("RETREAT", None, "military")
    ),
    **_many("ceasefire truce", Trigger("RETREAT", "ceasefire", "military")),
    "release": Trigger("RETREAT", "release", "legal", pos="verb"),
    # verbal cooperation
    **_many(
        "meet meeting visit talks summit consult consultation negotiate negotiation host",
        Trigger("CONSULT", None, "diplomatic"),
    ),
    **_many("agree agreement promise pledge", Trigger("AGREE", None, "diplomatic")),
    **_many("praise endorse welcome", Trigger("SUPPORT", None, "diplomatic")),
    **_many("apologize apologise apology pardon concede", Trigger("CONCEDE", None, "diplomatic")),
}
"""Lemma -> what it triggers. Reporting and denial verbs are deliberately absent: saying and
denying are claims in watchfloor's ledger, not events."""

RUSSIAN_TRIGGERS: dict[str, Trigger] = {
    **_many(
        "мобилизация мобилизовать мобилизовывать призыв", Trigger("MOBILIZE", "troops", "military")
    ),
    **_many(
        "призвать призывать", Trigger("MOBILIZE", "troops", "military", pos="verb", military=True)
    ),
    **_many(
        "развернуть развертывание перебросить переброска стянуть наращивание усилить",
        Trigger("MOBILIZE", "troops", "military", military=True),
    ),
    **_many(
        "учение учения маневры",
        Trigger("MOBILIZE", "troops", "military", pos="noun", military=True),
    ),
    **_many(
        "атака атаковать обстрел обстрелять бомбардировка бомбить нападение напасть вторжение "
        "вторгнуться штурм штурмовать взрыв бой столкновение убить",
        Trigger("ASSAULT", None, "military"),
    ),
    **_many(
        "арест арестовать задержать задержание обыск депортация депортировать запрет "
        "запретить блокада оккупация оккупировать",
        Trigger("COERCE", None, "legal"),
    ),
    **_many("санкция выслать высылка эмбарго", Trigger("SANCTION", None, "diplomatic")),
    **_many("протест митинг демонстрация", Trigger("PROTEST", "demo", None)),
    **_many("угроза угрожать пригрозить ультиматум", Trigger("THREATEN", None, None)),
    **_many("отказ отказаться отклонить вето", Trigger("REJECT", None, None)),
    **_many(
        "обвинить обвинять обвинение осудить осуждать критиковать", Trigger("ACCUSE", None, None)
    ),
    **_many("потребовать требовать", Trigger("REQUEST", None, None)),
    **_many("сотрудничество сотрудничать", Trigger("COOPERATE", None, None)),
    **_many("помощь помочь помогать", Trigger("AID", None, None)),
    **_many(
        "отвести отвод вывод вывести отступить отступление", Trigger("RETREAT", None, "military")
    ),
    **_many("перемирие", Trigger("RETREAT", "ceasefire", "military")),
    **_many(
        "встреча встретиться визит посетить переговоры саммит консультация",
        Trigger("CONSULT", None, "diplomatic"),
    ),
    **_many(
        "соглашение договориться договоренность пообещать", Trigger("AGREE", None, "diplomatic")
    ),
    **_many("поддержать приветствовать одобрить", Trigger("SUPPORT", None, "diplomatic")),
}
"""The same event types triggered by Russian lemmas (pymorphy's dictionary forms)."""

UKRAINIAN_TRIGGERS: dict[str, Trigger] = {
    **_many("мобілізація мобілізувати призов", Trigger("MOBILIZE", "troops", "military")),
    **_many(
        "призвати призивати", Trigger("MOBILIZE", "troops", "military", pos="verb", military=True)
    ),
    **_many(
        "розгорнути розгортання перекинути перекидання стягнути нарощування посилити",
        Trigger("MOBILIZE", "troops", "military", military=True),
    ),
    **_many(
        "навчання маневри", Trigger("MOBILIZE", "troops", "military", pos="noun", military=True)
    ),
    **_many(
        "атака атакувати обстріл обстріляти бомбардування напад напасти вторгнення вторгнутися "
        "штурм штурмувати вибух бій зіткнення наступ",
        Trigger("ASSAULT", None, "military"),
    ),
    **_many(
        "арешт заарештувати затримати затримання обшук депортація заборона блокада окупація",
        Trigger("COERCE", None, "legal"),
    ),
    **_many("санкція вислати ембарго", Trigger("SANCTION", None, "diplomatic")),
    **_many("протест мітинг демонстрація", Trigger("PROTEST", "demo", None)),
    **_many("загроза погрожувати пригрозити ультиматум", Trigger("THREATEN", None, None)),
    **_many(
        "звинуватити звинувачувати звинувачення засудити засуджувати", Trigger("ACCUSE", None, None)
    ),
    **_many("вимагати вимога", Trigger("REQUEST", None, None)),
    **_many("співпраця співпрацювати", Trigger("COOPERATE", None, None)),
    **_many("допомога допомогти допомагати", Trigger("AID", None, None)),
    **_many(
        "відвести відведення вивести виведення відступити", Trigger("RETREAT", None, "military")
    ),
    **_many("перемир'я", Trigger("RETREAT", "ceasefire", "military")),
    **_many(
        "зустріч зустрітися візит відвідати переговори саміт консультація",
        Trigger("CONSULT", None, "diplomatic"),
    ),
    **_many("угода домовитися домовленість пообіцяти", Trigger("AGREE", None, "diplomatic")),
    **_many("підтримати вітати схвалити", Trigger("SUPPORT", None, "diplomatic")),
}
"""The same event types triggered by Ukrainian lemmas (pymorphy3's dictionary forms)."""

TRIGGERS.update(RUSSIAN_TRIGGERS)
TRIGGERS.update(UKRAINIAN_TRIGGERS)

PHRASAL_TRIGGERS: dict[tuple[str, str], Trigger] = {
    ("call", "up"): Trigger("MOBILIZE", "troops", "military"),
    ("pull", "out"): Trigger("RETREAT", None, "military"),
    ("pull", "back"): Trigger("RETREAT", None, "military"),
    ("crack", "down"): Trigger("COERCE", None, "legal"),
    ("lock", "up"): Trigger("COERCE", "arrest", "legal"),
    ("open", "fire"): Trigger("ASSAULT", None, "military"),
    ("step", "up"): Trigger("MOBILIZE", "troops", "military", military=True),
}
"""(verb lemma, particle) -> what the phrasal verb triggers: "calling up reservists"."""

JOINT_MILITARY_NOUNS = frozenset(
    "exercise exercises drill drills manoeuvre manoeuvres maneuver maneuvers operation "
    "operations patrol patrols deployment grouping force forces command training "
    "учение учения маневры операция патрулирование группировка".split()
)
"""Nouns that, made joint ("joint drills", "a joint grouping with Russia"), are COOPERATE."""

MILITARY_SETTING = frozenset(
    "military army troops forces soldiers combat naval navy tank tanks artillery battalion "
    "brigade division regiment missile missiles warship warships aircraft jets border "
    "nuclear defence defense weapons strategic tactical "
    "военный армия войско вооруженный солдат военнослужащий танк граница артиллерия "
    "ракета бригада дивизия полк батальон оборона боевой призывник резервист "
    "військовий армія військо збройний солдат військовослужбовець кордон артилерія бригада "
    "оборона бойовий резервіст".split()
)

_FAMILIES: dict[str, str] = {
    word: family
    for family, words in {
        "mobilization": "mobilize mobilise mobilization mobilisation conscription call-up call "
        "draft recruit conscript muster мобилизация мобилизовать мобилизовывать призыв призвать "
        "призывать мобілізація мобілізувати призов призвати призивати",
        "deployment": "deploy deployment redeploy redeployment amass reinforce reinforcement "
        "buildup build-up step move развернуть развертывание перебросить переброска стянуть "
        "наращивание усилить розгорнути розгортання перекинути перекидання стягнути нарощування "
        "посилити",
        "exercise": "exercise exercises drill drills manoeuvre manoeuvres maneuver maneuvers "
        "wargame training учение учения маневры навчання маневри",
        "alert": "alert readiness",
        "grouping": "grouping force forces command группировка",
        "operation": "operation operations regime операция",
        "patrol": "patrol patrols патрулирование",
    }.items()
    for word in words.split()
}


def family_of(lemma: str) -> str:
    """The kind of event a trigger word names: "drafted" and "mobilisation" are one
    mobilization; "deployment" and "drills" are not. Claims about events of one family,
    place and actors are about the same state of affairs."""
    lemma = lemma.lower()
    return _FAMILIES.get(lemma, lemma)


_CAMEO_ROOT: dict[str, str] = {
    "03": "AGREE",
    "04": "CONSULT",
    "05": "SUPPORT",
    "06": "COOPERATE",
    "07": "AID",
    "09": "ACCUSE",
    "10": "REQUEST",
    "11": "ACCUSE",
    "12": "REJECT",
    "13": "THREATEN",
    "14": "PROTEST",
    "15": "MOBILIZE",
    "16": "SANCTION",
    "17": "COERCE",
    "18": "ASSAULT",
    "19": "ASSAULT",
    "20": "ASSAULT",
}
_CAMEO_EXCEPTIONS: dict[str, str] = {
    # Where PLOVER's table departs from the CAMEO root (CAMEO2PLOVER-2021).
    "080": "CONCEDE",
    "081": "CONCEDE",
    "082": "CONCEDE",
    "083": "CONCEDE",
    "084": "RETREAT",
    "085": "RETREAT",
    "086": "RETREAT",
    "087": "RETREAT",
    "0813": "RETREAT",
    "0814": "RETREAT",
    "1712": "ASSAULT",
    "163": "COERCE",
    "175": "ASSAULT",
    "191": "COERCE",
    "192": "COERCE",
}


def cameo_to_plover(code: str) -> str | None:
    """The PLOVER type of a CAMEO event code, or None where PLOVER has no equivalent
    (statements, 01x; appeals, 02x)."""
    code = code.strip()
    if len(code) < 2 or not code[:2].isdigit():
        return None
    for length in (4, 3):
        if code[:length] in _CAMEO_EXCEPTIONS:
            return _CAMEO_EXCEPTIONS[code[:length]]
    if code[:2] == "08":
        return "CONCEDE"
    return _CAMEO_ROOT.get(code[:2])
