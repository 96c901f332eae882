"""Name normalisation for the names memorial: Arabic, Latin transliterations and the keys that join them.

A name reaches the archive written many ways: محمد or مُحَمَّد, Muhammad, Mohammed or Mhd,
al-Hamwi or Hamawi. Every form is reduced to keys in one shared space:

- the *Arabic normal form* (marks, tatweel and hamza seats folded) for comparing Arabic with Arabic;
- the *Latin folded form* (case, diacritics, common spelling habits folded) for Latin with Latin;
- per word, a *key*: the canonical id of a common given name (``=muhammad``), else a consonant
  *skeleton* (``hm`` for Hamwi, Hamawi and الحموي alike), which is where the two scripts meet.

Index and query go through the same functions, so what is stored and what is typed always agree.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

# --- Arabic -----------------------------------------------------------------------------

TASHKEEL = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed]")
TATWEEL = "\u0640"
ARABIC_FOLD = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ٲ": "ا",
        "ٳ": "ا",
        "ى": "ي",
        "ی": "ي",
        "ئ": "ي",
        "ؤ": "و",
        "ة": "ه",
        "ۀ": "ه",
        "ک": "ك",
        "ء": None,
        TATWEEL: None,
        "\u200c": None,
        "\u200d": None,
        "\u200f": None,
        "\u200e": None,
    }
)
DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u024f]")
ARABIC_LETTER = re.compile("[\u0621-\u064a\u0671-\u06d3]")


def has_arabic(text):
    return bool(ARABIC_LETTER.search(text or ""))


def normalise_digits(text):
    """Arabic-Indic and Persian digits as ASCII digits."""
    return (text or "").translate(DIGITS)


@lru_cache(maxsize=65536)
def normalise_arabic(text):
    """Arabic text folded for comparison: no marks or tatweel, one alef, ى→ي, ة→ه, ؤ→و, ئ→ي, ASCII digits."""
    text = unicodedata.normalize("NFKC", text or "")  # presentation forms and ligatures to letters
    text = TASHKEEL.sub("", text)
    text = text.translate(ARABIC_FOLD).translate(DIGITS)
    text = re.sub(r"[^\w\s]|_", " ", text)
    return " ".join(text.split())


# --- Latin ------------------------------------------------------------------------------

LATIN_SPECIAL = str.maketrans({"ß": "ss", "ı": "i", "ø": "o", "đ": "d", "ł": "l", "æ": "ae", "œ": "oe", "þ": "th"})
APOSTROPHES = re.compile("['`\u2018\u2019\u02bb\u02bc\u02be\u02bf\u02b9\u00b4]")
# A hyphenated article, assimilated or not: al-, el-, ad-, ar-, as-, ash-, at-, az-, an-, ul-.
HYPHEN_ARTICLE = re.compile(r"(?<![a-z])(?:a|e|u|i)(?:l|d|r|s|sh|t|th|z|n|dh)-(?=[a-z])")
ARTICLES = {"al", "el", "ul", "il", "le"}
ABD_PREFIX = re.compile(r"^abd(?:oul|ul|el|al|il|ol|u|e|a|i|o)?(?=[a-z]{3})")
# "al-Din" compounds (Nasr al-Din, Nasreddine, Nouraldin, نصر الدين): joined into one word, marked with "|"
# so that the word also keeps the key of its first part.
DIN_WORDS = {"din", "dine", "deen", "eddin", "eddine", "uddin", "udin", "addin", "iddin", "edin", "edine", "ddin"}
DIN_SUFFIX = re.compile(r"^([a-z]{3,}?)(?:[aeiu][ld]|[aeiu])?d{1,2}(?:i|ee)ne?$")
COMPOUND = "|"


@lru_cache(maxsize=65536)
def fold_latin(text):
    """Latin text folded: casefold, no diacritics or apostrophes, hyphenated articles removed, words only."""
    text = (text or "").casefold()
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.translate(LATIN_SPECIAL))
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = APOSTROPHES.sub("", text)
    text = HYPHEN_ARTICLE.sub(" ", text)
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


@lru_cache(maxsize=65536)
def fold_latin_word(word):
    """One folded word with spelling habits unified: ou→u, ee→i, oo→u, double letters single, final -ah/-eh."""
    w = word
    w = re.sub(r"^ou(?=[aeiy])", "w", w)
    w = w.replace("ou", "u").replace("oo", "u").replace("ee", "i").replace("ie", "i")
    w = re.sub(r"(?<=[a-z])y$", "i", w)
    w = re.sub(r"(.)\1+", r"\1", w)
    if len(w) > 3:
        w = re.sub(r"(?<=[aeiou])h$", "", w)
    return w


# --- canonical given names --------------------------------------------------------------

COMMON_NAMES = {
    "muhammad": (
        ["محمد"],
        "muhammad mohammed mohammad mohamed mohamad muhammed muhamad mouhammad mohammud mhd mohd muhd mohd md mehmet",
    ),
    "mahmud": (["محمود"], "mahmud mahmoud mahmood mahmut"),
    "ahmad": (["احمد"], "ahmad ahmed ahmet achmed"),
    "hamid": (["حامد"], "hamid hamed"),
    "hamdi": (["حمدي"], "hamdi hamdy"),
    "ali": (["علي"], "ali aly alee"),
    "hasan": (["حسن"], "hasan hassan hasen hassen"),
    "husayn": (["حسين"], "husayn hussein hussain husein husain houssein hosein hussien hossein"),
    "umar": (["عمر"], "umar omar omer"),
    "uthman": (["عثمان"], "uthman othman osman usman otman"),
    "khalid": (["خالد"], "khalid khaled khalied"),
    "mustafa": (["مصطفي"], "mustafa mostafa moustafa mustapha moustapha mostapha"),
    "yusuf": (["يوسف"], "yusuf youssef yousef yousif yusef yosef youcef"),
    "ibrahim": (["ابراهيم"], "ibrahim ebrahim ibraheem brahim"),
    "ismail": (["اسماعيل"], "ismail ismael esmail ismaeel"),
    "said": (["سعيد"], "said saeed saeid saied saaid"),
    "sayyid": (["سيد"], "sayyid sayed sayyed sayid seyyed"),
    "walid": (["وليد"], "walid waleed oualid"),
    "khalil": (["خليل"], "khalil khaleel"),
    "jamal": (["جمال"], "jamal gamal djamal"),
    "fatima": (["فاطمه"], "fatima fatimah fatma fatmeh fatme fatemeh"),
    "aisha": (["عائشة", "عايشة"], "aisha aysha aicha aishah ayesha aiesha"),
    "zaynab": (["زينب"], "zaynab zainab zeinab zaynib"),
    "maryam": (["مريم"], "maryam mariam mariyam meryem"),
    "khadija": (["خديجه"], "khadija khadijah khadeeja khadeja"),
    "amina": (["امنه"], "amina aminah ameena amna"),
    "nur": (["نور"], "nur nour noor"),
    "salim": (["سليم"], "salim saleem selim"),
    "yasin": (["ياسين"], "yasin yassin yaseen yassine"),
    "hisham": (["هشام"], "hisham hesham hicham"),
    "samir": (["سمير"], "samir sameer"),
    "bashir": (["بشير"], "bashir basheer bachir"),
    "adnan": (["عدنان"], "adnan"),
    "ayman": (["ايمن"], "ayman aiman eyman"),
    "abdullah": (["عبدالله", "عبد الله"], "abdullah abdallah abdulla abdalla"),
    "rami": (["رامي"], "rami ramy"),
    "sami": (["سامي"], "sami samy"),
    "ziyad": (["زياد"], "ziyad ziad zyad"),
    "riyad": (["رياض"], "riyad riad riyadh riadh"),
    "fuad": (["فواد"], "fuad fouad foad fuaad"),
}


def _build_canonical():
    latin, arabic = {}, {}
    for canonical, (arabic_forms, latin_forms) in COMMON_NAMES.items():
        for form in latin_forms.split():
            for word in _latin_bare_words(form):
                latin[word] = canonical
        for form in arabic_forms:
            for word in _arabic_bare_words(form):
                arabic[word] = canonical
    return latin, arabic


# --- skeletons --------------------------------------------------------------------------

LATIN_DIGRAPHS = [
    ("sch", "c"),
    ("x", "ks"),
    ("kh", "x"),
    ("sh", "c"),
    ("ch", "c"),
    ("gh", "g"),
    ("th", "t"),
    ("dh", "d"),
    ("dj", "j"),
    ("ph", "f"),
    ("ck", "k"),
]
LATIN_SINGLE = str.maketrans({"q": "k", "v": "f", "p": "b"})
ARABIC_SKELETON = {
    "ب": "b",
    "پ": "b",
    "ت": "t",
    "ث": "t",
    "ج": "j",
    "چ": "c",
    "ح": "h",
    "خ": "x",
    "د": "d",
    "ذ": "d",
    "ر": "r",
    "ز": "z",
    "س": "s",
    "ش": "c",
    "ص": "s",
    "ض": "d",
    "ط": "t",
    "ظ": "z",
    "غ": "g",
    "گ": "g",
    "ف": "f",
    "ڤ": "f",
    "ق": "k",
    "ك": "k",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ه": "h",
}
ARABIC_LATIN = {**ARABIC_SKELETON, "ا": "a", "و": "u", "ي": "i", "ع": "", "ش": "sh", "خ": "kh", "غ": "gh", "ث": "th"}
ARABIC_LATIN.update({"ذ": "dh", "ق": "q", "ص": "s", "ض": "d", "ط": "t", "ظ": "z"})


@lru_cache(maxsize=65536)
def latin_skeleton(word):
    """Consonants of a folded Latin word, the way an Arabic spelling would give them."""
    w = word
    if not w:
        return ""
    start = ""
    if w.startswith("abd") and len(w) > 4:
        # A joined 'abd' compound: the rest keeps its own first letter (Abd-Hamid is not 'Abdamid').
        start, w = "bd", w[3:]
    elif w[0] in "wy" and len(w) > 1:
        start, w = w[0], w[1:]
    elif w.startswith("ou") and len(w) > 2 and w[2] in "aei":
        start, w = "w", w[2:]
    w = re.sub(r"c(?![hk])", "k", w)  # a lone c is k (Cassem); ch and sh are the c of the skeleton
    for before, after in LATIN_DIGRAPHS:
        w = w.replace(before, after)
    w = w.translate(LATIN_SINGLE)
    w = re.sub(r"[aeiouwy0-9]", "", w)
    return re.sub(r"(.)\1+", r"\1", start + w)


@lru_cache(maxsize=65536)
def arabic_skeleton(word):
    """Consonants of a normalised Arabic word, in the letters of ``latin_skeleton``."""
    if not word:
        return ""
    if len(word) > 2 and word.endswith("ه"):
        # Ta marbuta (folded to ha), Allah's ha and a ha after a long vowel are silent or dropped in
        # Latin spellings (Fatima, Abdullah, Wajih); only a two-letter name such as Taha keeps it.
        word = word[:-1]
    start = ""
    if word[0] in "وي" and len(word) > 1:
        start, word = {"و": "w", "ي": "y"}[word[0]], word[1:]
    out = "".join(ARABIC_SKELETON.get(ch, "") for ch in word)
    return re.sub(r"(.)\1+", r"\1", start + out)


@lru_cache(maxsize=65536)
def transliterate_arabic(text):
    """A plain Latin reading of normalised Arabic, for showing and comparing (not a scholarly one)."""
    return "".join(ARABIC_LATIN.get(ch, ch if ch in " 0123456789" else "") for ch in normalise_arabic(text))


# --- words and keys ---------------------------------------------------------------------


@dataclass
class Word:
    """One word of a name: what it was, its folded form and its lookup key(s)."""

    folded: str
    key: str
    alternatives: list = field(default_factory=list)
    skeleton: str = ""

    @property
    def keys(self):
        """Every key stored for this word: its own, article-less forms, and its skeleton."""
        found = [self.key, *self.alternatives]
        if self.skeleton and self.skeleton not in found:
            found.append(self.skeleton)
        return found

    @property
    def canonical(self):
        return self.key.startswith("=")


def _strip_arabic_article(word):
    if word.startswith("ال") and len(word) > 3:
        return word[2:]
    if word.startswith("لل") and len(word) > 4:
        return word[2:]
    return word


def _arabic_joined(text):
    raw = normalise_arabic(text).split()
    joined = []
    i = 0
    while i < len(raw):
        word = raw[i]
        if word == "عبد" and i + 1 < len(raw):
            word, i = "عبد" + _strip_arabic_article(raw[i + 1]), i + 1
        elif word.startswith("عبدال") and len(word) > 6:
            word = "عبد" + word[5:]
        elif i + 1 < len(raw) and raw[i + 1] == "الدين":
            word, i = word + COMPOUND + "دين", i + 1
        elif word.endswith("الدين") and len(word) > 6:
            word = word[:-5] + COMPOUND + "دين"
        joined.append(word)
        i += 1
    return [w for w in joined if not w.isdigit()]


def _arabic_bare_words(text):
    return [_strip_arabic_article(w.replace(COMPOUND, "")) for w in _arabic_joined(text)]


def _latin_joined(text):
    raw = fold_latin(text).split()
    raw = [w for i, w in enumerate(raw) if not (w in ARTICLES and i + 1 < len(raw))]
    joined = []
    i = 0
    while i < len(raw):
        word = raw[i]
        if word in {"abd", "abdul", "abdel", "abdal", "abdoul", "abdil"} and i + 1 < len(raw):
            word, i = "abd" + raw[i + 1], i + 1
        elif i + 1 < len(raw) and raw[i + 1] in DIN_WORDS:
            word, i = word + COMPOUND + "din", i + 1
        else:
            word = ABD_PREFIX.sub("abd", word)
            if din := DIN_SUFFIX.match(word):
                word = din.group(1) + COMPOUND + "din"
        joined.append(word)
        i += 1
    return [w for w in joined if not w.isdigit()]


def _latin_bare_words(text):
    return [fold_latin_word(w.replace(COMPOUND, "")) for w in _latin_joined(text)]


def arabic_words(text):
    """The words of an Arabic name, articles stripped and 'abd' compounds joined, each with its key."""
    return [w for w in map(_arabic_word, _arabic_joined(text)) if w is not None]


def _part_key(part_word):
    """The key a compound's first part adds to the compound (Nasr in Nasr al-Din), if it says enough."""
    if part_word is None or (not part_word.canonical and len(part_word.key) < 2):
        return []
    return [part_word.key]


@lru_cache(maxsize=65536)
def _arabic_word(word):
    alternatives = []
    if COMPOUND in word:
        part, _sep, rest = word.partition(COMPOUND)
        alternatives += _part_key(_arabic_word(part))
        word = part + rest
    bare = _strip_arabic_article(word)
    canonical = CANONICAL_ARABIC.get(bare)
    skeleton = arabic_skeleton(bare)
    if bare != word and len(arabic_skeleton(word)) >= 2:
        alternatives.append(arabic_skeleton(word))
    if canonical:
        return Word(bare, "=" + canonical, alternatives, skeleton)
    if skeleton:
        return Word(bare, skeleton, alternatives)
    if bare:
        return Word(bare, "~" + transliterate_arabic(bare), alternatives)
    return None


def latin_words(text):
    """The words of a Latin name, articles dropped and 'abd' compounds joined, each with its key."""
    return [w for w in map(_latin_word, _latin_joined(text)) if w is not None]


@lru_cache(maxsize=65536)
def _latin_word(word):
    alternatives = []
    if COMPOUND in word:
        part, _sep, rest = word.partition(COMPOUND)
        alternatives += _part_key(_latin_word(part))
        word = part + rest
    folded = fold_latin_word(word)
    canonical = CANONICAL_LATIN.get(folded)
    skeleton = latin_skeleton(folded)
    if article := re.match(r"^(?:al|el)(?=[a-z]{3})", folded):
        stripped = latin_skeleton(folded[article.end() :])
        if len(stripped) >= 2:
            alternatives.append(stripped)
    alternatives += [key for key in other_readings(word, folded) if key not in alternatives]
    if canonical:
        return Word(folded, "=" + canonical, alternatives, skeleton)
    if skeleton:
        return Word(folded, skeleton, alternatives)
    if folded:
        return Word(folded, "~" + folded, alternatives)
    return None


def other_readings(word, folded):
    """Skeletons a Latin spelling can also stand for, stored and searched beside its own.

    A final h after a vowel is usually a silent ta marbuta (Hamah, Fatmeh) and is dropped from
    the key, but it can be a real ح (Salah, Saleh, Fallah); and a lone g is how Egyptian
    spelling writes ج (Gamal, Nagar, Hegazi). Both readings meet the Arabic spelling.
    """
    near = []
    if word.endswith("h") and not folded.endswith("h") and len(folded) >= 3:
        near.append(latin_skeleton(folded + "h"))
    if re.search(r"g(?!h)", folded):
        near.append(latin_skeleton(re.sub(r"g(?!h)", "j", folded)))
    own = latin_skeleton(folded)
    return [key for key in dict.fromkeys(near) if len(key) >= 2 and key != own]


CANONICAL_LATIN, CANONICAL_ARABIC = _build_canonical()


def name_words(text):
    """The words of a name in either script (mixed text is split by script)."""
    text = normalise_digits(text or "")
    if not text.strip():
        return []
    if has_arabic(text):
        if not LATIN_LETTER.search(text):
            return arabic_words(text)
        arabic = " ".join(w for w in text.split() if has_arabic(w))
        latin = " ".join(w for w in text.split() if not has_arabic(w))
        return arabic_words(arabic) + latin_words(latin)
    return latin_words(text)


def name_key(text):
    """One key for a whole name: its word keys in order, e.g. '=muhammad =abd... hm'."""
    return " ".join(word.key for word in name_words(text))


@lru_cache(maxsize=65536)
def folded_form(text):
    """The form used to rank spellings of the same script against each other."""
    if has_arabic(text):
        return " ".join(_strip_arabic_article(w) for w in normalise_arabic(text).split())
    return " ".join(fold_latin_word(w) for w in fold_latin(text).split() if w not in ARTICLES)


@lru_cache(maxsize=65536)
def _cached_words(text):
    return tuple(name_words(text))


MAX_SPELLING = 40


@dataclass
class NameIndex:
    """Everything stored on a record for finding it: keys for lookups, forms for ranking."""

    word_keys: set
    full_keys: set
    lines: list
    # (spelling, key) of every word: the vocabulary in which typo tolerance looks for near spellings.
    spellings: set = field(default_factory=set)

    @property
    def search_names(self):
        return "\n".join(self.lines)


def index_names(names):
    """The keys and forms of every name of a person (Arabic, Latin and each variant)."""
    word_keys, full_keys, lines, spellings = set(), set(), [], set()
    for name in names:
        name = (name or "").strip()
        if not name:
            continue
        words = _cached_words(name)
        if not words:
            continue
        for word in words:
            keys = [k for k in word.keys if k]
            word_keys.update(keys)
            if 2 <= len(word.folded) <= MAX_SPELLING:
                spellings.update((word.folded, k) for k in keys)
        key = " ".join(w.key for w in words)
        full_keys.add(key)
        line = f"{key}\t{folded_form(name)}"
        if line not in lines:
            lines.append(line)
        if has_arabic(name):
            reading = transliterate_arabic(folded_form(name))
            if reading and f"{key}\t{reading}" not in lines:
                lines.append(f"{key}\t{reading}")
    return NameIndex(word_keys=word_keys, full_keys=full_keys, lines=lines, spellings=spellings)


def split_variants(text):
    """Variants as entered: one per line, or separated by semicolons."""
    return [v.strip() for v in re.split(r"[;\n]", text or "") if v.strip()]
