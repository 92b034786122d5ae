"""Month, weekday and filler words by language, and the words for morning and
afternoon: what the token reader knows a word to mean (it refuses any other).

Keys are case-folded, accents kept. Vietnamese words are in vietnamese.py and
joined in here, so every reader sees one table of each kind.
"""

from __future__ import annotations

from newsroom_tui.dates.vietnamese import VN_AM, VN_FILLER, VN_MORNING, VN_PM, VN_WEEKDAYS

# Month names and their usual abbreviations: English, French, German, Spanish,
# Portuguese, Italian, Dutch, Hungarian, Greek. Keys are case-folded, accents kept.
_MONTH_WORDS: dict[int, tuple[str, ...]] = {
    1: (
        "jan",
        "january",
        "janv",
        "janvier",
        "januar",
        "jän",
        "jänner",
        "ene",
        "enero",
        "janeiro",
        "gen",
        "gennaio",
        "januari",
        "január",
        "ιαν",
        "ιανουάριος",
        "ιανουαρίου",
    ),
    2: (
        "feb",
        "february",
        "févr",
        "fevr",
        "février",
        "fevrier",
        "februar",
        "febrero",
        "fev",
        "fevereiro",
        "fév",
        "febbraio",
        "februari",
        "február",
        "φεβ",
        "φεβρουάριος",
        "φεβρουαρίου",
    ),
    3: (
        "mar",
        "march",
        "mars",
        "mär",
        "märz",
        "maerz",
        "marzo",
        "março",
        "marco",
        "mrt",
        "maart",
        "márc",
        "március",
        "μάρ",
        "μαρ",
        "μάρτιος",
        "μαρτίου",
    ),
    4: (
        "apr",
        "april",
        "avr",
        "avril",
        "abr",
        "abril",
        "aprile",
        "ápr",
        "április",
        "απρ",
        "απρίλιος",
        "απριλίου",
    ),
    5: (
        "may",
        "mai",
        "mayo",
        "maio",
        "mag",
        "maggio",
        "mei",
        "máj",
        "május",
        "μάι",
        "μαι",
        "μάιος",
        "μαΐου",
        "μαϊου",
    ),
    6: (
        "jun",
        "june",
        "juin",
        "juni",
        "junio",
        "junho",
        "giu",
        "giugno",
        "jún",
        "június",
        "ιούν",
        "ιουν",
        "ιούνιος",
        "ιουνίου",
    ),
    7: (
        "jul",
        "july",
        "juil",
        "juillet",
        "juli",
        "julio",
        "julho",
        "lug",
        "luglio",
        "júl",
        "július",
        "ιούλ",
        "ιουλ",
        "ιούλιος",
        "ιουλίου",
    ),
    8: (
        "aug",
        "august",
        "août",
        "aout",
        "ago",
        "agosto",
        "augustus",
        "aug.",
        "augusztus",
        "αύγ",
        "αυγ",
        "αύγουστος",
        "αυγούστου",
    ),
    9: (
        "sep",
        "sept",
        "september",
        "septembre",
        "set",
        "septiembre",
        "setiembre",
        "setembro",
        "settembre",
        "szept",
        "szeptember",
        "σεπ",
        "σεπτέμβριος",
        "σεπτεμβρίου",
    ),
    10: (
        "oct",
        "october",
        "octobre",
        "okt",
        "oktober",
        "octubre",
        "out",
        "outubro",
        "ott",
        "ottobre",
        "október",
        "οκτ",
        "οκτώβριος",
        "οκτωβρίου",
    ),
    11: (
        "nov",
        "november",
        "novembre",
        "noviembre",
        "novembro",
        "νοέ",
        "νοε",
        "νοέμβριος",
        "νοεμβρίου",
    ),
    12: (
        "dec",
        "december",
        "déc",
        "décembre",
        "decembre",
        "dez",
        "dezember",
        "dic",
        "diciembre",
        "dezembro",
        "dicembre",
        "dec.",
        "december",
        "dic.",
        "δεκ",
        "δεκέμβριος",
        "δεκεμβρίου",
    ),
}
MONTHS = {word: number for number, words in _MONTH_WORDS.items() for word in words}


def _words(*lines: str) -> frozenset[str]:
    return frozenset(" ".join(lines).split())


# Weekday names are read and ignored (a wrong weekday never changes the date).
WEEKDAYS = (
    _words(
        "mon monday tue tues tuesday wed wednesday thu thur thurs thursday fri friday "
        "sat saturday sun sunday "
        "lun lundi mardi mer mercredi jeu jeudi ven vendredi sam samedi dim dimanche "
        "mo mon montag di dienstag mi mittwoch do donnerstag fr freitag sa samstag so "
        "sonntag "
        "lunes mar martes mié mie miércoles miercoles jue jueves vie viernes sáb sab "
        "sábado sabado dom domingo "
        "seg segunda qua quarta qui quinta sex sexta ter terça terca "
        "segunda-feira terça-feira terca-feira quarta-feira quinta-feira sexta-feira "
        "lunedì lunedi martedì martedi mercoledì mercoledi giovedì giovedi gio "
        "venerdì venerdi sabato domenica "
        "ma maandag dinsdag wo woensdag donderdag vr vrijdag za zaterdag zo zondag "
        "hétfő kedd szerda csütörtök péntek szombat vasárnap "
        "κυρ κυριακή δευ δευτέρα τρι τρίτη τετ τετάρτη πεμ πέμπτη παρ παρασκευή σαβ σάββατο "
    )
    | VN_WEEKDAYS
)

# Words that carry no date information in "Monday, the 5th of April" shapes.
FILLER = _words("de del do da of the at on um à a le el den der am les h") | VN_FILLER

AM = frozenset({"am", "a.m.", "오전", "πμ", "π.μ."}) | VN_AM
PM = frozenset({"pm", "p.m.", "오후", "μμ", "μ.μ."}) | VN_PM
MORNING = VN_MORNING
