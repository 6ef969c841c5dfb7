"""Russian cue words, by lemma (pymorphy's dictionary forms, ё written е).

Reporting verbs with the force they give what they report, denials, hedges and the
nouns that make a source unnamed, as general resources of Russian news language (the
same roles as ``watchfloor.lang.lexicon`` for English).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from watchfloor.types import Modality

_C, _PR, _PO, _U = Modality.CERTAIN, Modality.PROBABLE, Modality.POSSIBLE, Modality.UNKNOWN

DENIAL_VERBS = frozenset(
    [
        "опровергнуть",
        "опровергать",
        "отрицать",
        "отвергнуть",
        "отвергать",
        "опровергаться",
        "дезавуировать",
    ]
)

CUE_VERBS: dict[str, Modality] = {
    **{
        v: _C
        for v in [
            "сказать",
            "говорить",
            "заявить",
            "заявлять",
            "сообщить",
            "сообщать",
            "рассказать",
            "рассказывать",
            "отметить",
            "отмечать",
            "подчеркнуть",
            "подчеркивать",
            "указать",
            "указывать",
            "объявить",
            "объявлять",
            "подтвердить",
            "подтверждать",
            "признать",
            "признавать",
            "пояснить",
            "пояснять",
            "уточнить",
            "уточнять",
            "добавить",
            "добавлять",
            "написать",
            "писать",
            "информировать",
            "проинформировать",
            "констатировать",
            "напомнить",
            "напоминать",
            "сообщаться",
            "говориться",
            "заверить",
            "заверять",
            "утверждать",
            "настаивать",
            "выяснить",
            "узнать",
            "передать",
            "передавать",
            "цитировать",
            "процитировать",
        ]
    },
    **{v: _C for v in DENIAL_VERBS},
    **{
        v: _PR
        for v in [
            "считать",
            "полагать",
            "думать",
            "ожидать",
            "ожидаться",
            "прогнозировать",
            "верить",
            "убежден",
            "уверять",
            "оценить",
            "оценивать",
        ]
    },
    **{
        v: _PO
        for v in [
            "предположить",
            "предполагать",
            "предполагаться",
            "допустить",
            "допускать",
            "не исключать",
            "подозревать",
            "намекнуть",
            "намекать",
            "спекулировать",
        ]
    },
    **{v: _U for v in ["спросить", "спрашивать", "поинтересоваться"]},
}

DISTANCING_VERBS = frozenset(["утверждать", "уверять", "заверить", "заверять", "настаивать"])
DISTANCING_WORDS = frozenset(["якобы", "будто", "будто бы", "мол", "дескать", "предположительно"])

HEDGE_WORDS: dict[str, Modality] = {
    "возможно": _PO,
    "может": _PO,
    "могут": _PO,
    "мочь": _PO,
    "наверное": _PR,
    "вероятно": _PR,
    "по-видимому": _PR,
    "видимо": _PR,
    "скорее": _PR,
    "вроде": _PO,
    "якобы": _PO,
    "предположительно": _PO,
    "очевидно": _PR,
    "примерно": _C,
}

HEDGE_PHRASES: dict[str, Modality] = {
    "по предварительным данным": _PR,
    "по предварительной информации": _PR,
    "по неподтвержденным данным": _PO,
    "по неофициальным данным": _PR,
    "не исключено": _PO,
    "скорее всего": _PR,
    "судя по всему": _PR,
    "может быть": _PO,
    "могут быть": _PO,
    "по всей видимости": _PR,
}

ACCORDING_NOUNS: dict[str, Modality] = {
    "данные": _C,
    "слово": _C,
    "сведение": _C,
    "информация": _C,
    "сообщение": _C,
    "мнение": _PR,
    "оценка": _PR,
    "утверждение": _C,
    "версия": _PO,
    "заявление": _C,
    "подсчет": _C,
}
""""по данным X", "по словам X", "по мнению X": X is the source."""

ANONYMOUS_NOUNS = frozenset(
    [
        "источник",
        "собеседник",
        "очевидец",
        "свидетель",
        "житель",
        "инсайдер",
        "осведомленный",
        "аноним",
    ]
)
OFFICIAL_NOUNS = frozenset(
    [
        "чиновник",
        "представитель",
        "официальный",
        "пресс-секретарь",
        "спикер",
        "пресс-служба",
        "министр",
        "замминистра",
        "президент",
        "премьер",
        "премьер-министр",
        "глава",
        "губернатор",
        "мэр",
        "посол",
        "депутат",
        "дипломат",
    ]
)
MILITARY_NOUNS = frozenset(
    ["военный", "офицер", "военнослужащий", "командир", "генерал", "солдат", "военком"]
)
EXPERT_NOUNS = frozenset(["эксперт", "аналитик", "политолог", "исследователь", "специалист"])
MEDIA_NOUNS = frozenset(
    ["газета", "издание", "агентство", "телеканал", "журнал", "еженедельник", "портал", "сми"]
)
UNNAMED_MARKERS = frozenset(
    ["один", "некоторый", "некий", "неназванный", "анонимный", "знакомый", "осведомленный"]
)
HUMAN_PRONOUNS = frozenset(["он", "она", "они", "его", "ее", "их"])
"""Personal pronouns and the possessives of "по его словам"."""

DESCRIPTIONS: dict[str, frozenset[str]] = {
    **dict.fromkeys(["ведомство", "министерство", "минобороны", "мид"], frozenset(["government"])),
    **dict.fromkeys(
        ["газета", "издание", "агентство", "еженедельник", "телеканал", "журнал"],
        frozenset(["media"]),
    ),
    **dict.fromkeys(
        ["альянс", "блок", "организация"], frozenset(["organisation", "international"])
    ),
    **dict.fromkeys(["армия", "войско"], frozenset(["military"])),
}
"""Nouns that, without a name, refer back to the entity of that kind named last: "по
данным ведомства" after the ministry, "издание сообщает" after the paper."""


@dataclass(frozen=True, slots=True)
class CueLexicon:
    """One language's cue words, by lemma (by lower-case form where the language has no
    morphology offline). The components read a language through one of these."""

    language: str
    cue_verbs: Mapping[str, Modality]
    denial_verbs: frozenset[str]
    distancing_verbs: frozenset[str]
    distancing_words: frozenset[str]
    hedge_words: Mapping[str, Modality]
    hedge_phrases: Mapping[str, Modality]
    according_nouns: Mapping[str, Modality]
    according_prepositions: frozenset[str]
    """"по" (по данным), "за" (за даними), "паводле": the word before an according noun;
    Belarusian "паводле X" needs no noun."""
    as_words: frozenset[str]
    """"как сообщает X", "як повідомляє X"."""
    that_words: frozenset[str]
    anonymous_nouns: frozenset[str]
    official_nouns: frozenset[str]
    military_nouns: frozenset[str]
    expert_nouns: frozenset[str]
    media_nouns: frozenset[str]
    unnamed_markers: frozenset[str]
    human_pronouns: frozenset[str]
    descriptions: Mapping[str, frozenset[str]]


RUSSIAN = CueLexicon(
    language="ru",
    cue_verbs=CUE_VERBS,
    denial_verbs=DENIAL_VERBS,
    distancing_verbs=DISTANCING_VERBS,
    distancing_words=DISTANCING_WORDS,
    hedge_words=HEDGE_WORDS,
    hedge_phrases=HEDGE_PHRASES,
    according_nouns=ACCORDING_NOUNS,
    according_prepositions=frozenset(["по"]),
    as_words=frozenset(["как"]),
    that_words=frozenset(["что", "будто", "чтобы"]),
    anonymous_nouns=ANONYMOUS_NOUNS,
    official_nouns=OFFICIAL_NOUNS,
    military_nouns=MILITARY_NOUNS,
    expert_nouns=EXPERT_NOUNS,
    media_nouns=MEDIA_NOUNS,
    unnamed_markers=UNNAMED_MARKERS,
    human_pronouns=HUMAN_PRONOUNS,
    descriptions=DESCRIPTIONS,
)

_UK_DENIALS = frozenset(["заперечити", "заперечувати", "спростувати", "спростовувати", "відкинути"])

UKRAINIAN = CueLexicon(
    language="uk",
    cue_verbs={
        **dict.fromkeys(
            "сказати казати заявити заявляти повідомити повідомляти розповісти розповідати "
            "зазначити зазначати наголосити наголошувати підкреслити підкреслювати оголосити "
            "оголошувати підтвердити підтверджувати визнати визнавати пояснити пояснювати "
            "уточнити додати написати поінформувати нагадати стверджувати запевнити "
            "запевняти передати цитувати повідомлятися йтися".split(),
            _C,
        ),
        **dict.fromkeys(_UK_DENIALS, _C),
        **dict.fromkeys("вважати гадати думати очікувати прогнозувати вірити оцінити".split(), _PR),
        **dict.fromkeys("припустити припускати допустити допускати підозрювати".split(), _PO),
        **dict.fromkeys("запитати питати поцікавитися".split(), _U),
    },
    denial_verbs=_UK_DENIALS,
    distancing_verbs=frozenset(["стверджувати", "запевняти", "запевнити"]),
    distancing_words=frozenset(["нібито", "начебто", "мовляв", "буцімто", "ніби"]),
    hedge_words={
        "можливо": _PO,
        "може": _PO,
        "можуть": _PO,
        "могти": _PO,
        "імовірно": _PR,
        "ймовірно": _PR,
        "мабуть": _PR,
        "напевно": _PR,
        "очевидно": _PR,
        "нібито": _PO,
        "начебто": _PO,
    },
    hedge_phrases={
        "за попередніми даними": _PR,
        "за попередньою інформацією": _PR,
        "за неофіційними даними": _PR,
        "не виключено": _PO,
        "швидше за все": _PR,
        "судячи з усього": _PR,
    },
    according_nouns={
        "дані": _C,
        "слово": _C,
        "інформація": _C,
        "відомість": _C,
        "повідомлення": _C,
        "думка": _PR,
        "оцінка": _PR,
        "версія": _PO,
        "заява": _C,
    },
    according_prepositions=frozenset(["за"]),
    as_words=frozenset(["як"]),
    that_words=frozenset(["що", "нібито", "щоб"]),
    anonymous_nouns=frozenset(
        ["джерело", "співрозмовник", "очевидець", "свідок", "мешканець", "інсайдер"]
    ),
    official_nouns=frozenset(
        "чиновник посадовець представник речник прессекретар пресслужба міністр президент "
        "прем'єр глава голова губернатор мер посол депутат дипломат".split()
    ),
    military_nouns=frozenset(
        "військовий офіцер військовослужбовець командир генерал солдат боєць".split()
    ),
    expert_nouns=frozenset(["експерт", "аналітик", "політолог", "дослідник", "фахівець"]),
    media_nouns=frozenset(["газета", "видання", "агентство", "телеканал", "журнал", "змі"]),
    unnamed_markers=frozenset(["один", "деякий", "неназваний", "анонімний"]),
    human_pronouns=frozenset(["він", "вона", "вони", "його", "її", "їх"]),
    descriptions={
        **dict.fromkeys(
            ["відомство", "міністерство", "міноборони", "мзс"], frozenset(["government"])
        ),
        **dict.fromkeys(["газета", "видання", "агентство"], frozenset(["media"])),
        **dict.fromkeys(["альянс", "блок"], frozenset(["organisation", "international"])),
    },
)

# Belarusian: no morphological dictionary is available offline, so words are listed in the
# forms news text uses (the components compare the lower-case word itself).
BELARUSIAN = CueLexicon(
    language="be",
    cue_verbs={
        **dict.fromkeys(
            "сказаў сказала сказалі кажа кажуць заявіў заявіла заявілі заяўляе заяўляюць "
            "паведаміў паведаміла паведамілі паведамляе паведамляюць адзначыў адзначыла "
            "адзначылі адзначае падкрэсліў падкрэсліла абвясціў абвясціла пацвердзіў "
            "пацвердзіла пацвердзілі прызнаў растлумачыў дадаў напісаў напісала "
            "сцвярджае сцвярджаюць".split(),
            _C,
        ),
        **dict.fromkeys("абверг абвергла абвергла абвяргае адмаўляе адмаўляюць".split(), _C),
        **dict.fromkeys("лічыць лічаць мяркуе мяркуюць думае чакае чакаюць".split(), _PR),
        **dict.fromkeys("дапускае дапускаюць мяркуецца".split(), _PO),
    },
    denial_verbs=frozenset("абверг абвергла абвяргае адмаўляе адмаўляюць".split()),
    distancing_verbs=frozenset(["сцвярджае", "сцвярджаюць"]),
    distancing_words=frozenset(["нібыта", "быццам", "маўляў"]),
    hedge_words={
        "магчыма": _PO,
        "можа": _PO,
        "могуць": _PO,
        "верагодна": _PR,
        "напэўна": _PR,
        "відаць": _PR,
        "нібыта": _PO,
    },
    hedge_phrases={"па папярэдніх звестках": _PR, "не выключана": _PO},
    according_nouns={
        "звестак": _C,
        "звестках": _C,
        "словах": _C,
        "слоў": _C,
        "дадзеных": _C,
        "інфармацыі": _C,
        "думку": _PR,
        "ацэнцы": _PR,
    },
    according_prepositions=frozenset(["паводле", "па"]),
    as_words=frozenset(["як"]),
    that_words=frozenset(["што", "нібыта"]),
    anonymous_nouns=frozenset(["крыніца", "крыніцы", "суразмоўца", "сведка", "відавочца"]),
    official_nouns=frozenset(
        "чыноўнік прадстаўнік прэс-сакратар прэс-служба міністр прэзідэнт кіраўнік пасол "
        "дэпутат".split()
    ),
    military_nouns=frozenset("вайсковец афіцэр военнаслужачы камандзір генерал салдат".split()),
    expert_nouns=frozenset(["эксперт", "аналітык", "палітолаг", "даследчык"]),
    media_nouns=frozenset(["газета", "выданне", "агенцтва", "тэлеканал", "часопіс"]),
    unnamed_markers=frozenset(["адзін", "адна", "некаторыя", "ананімны"]),
    human_pronouns=frozenset(["ён", "яна", "яны", "яго", "яе", "іх"]),
    descriptions={
        **dict.fromkeys(["ведамства", "міністэрства", "мінабароны"], frozenset(["government"])),
        **dict.fromkeys(["газета", "выданне", "агенцтва"], frozenset(["media"])),
    },
)

LEXICONS: dict[str, CueLexicon] = {lex.language: lex for lex in (RUSSIAN, UKRAINIAN, BELARUSIAN)}
