"""Near spellings: typos that make another name, rare spellings of one word, and the spelling vocabulary.

A relative who mistypes one letter may type a word that is also someone else's name (Mahoud is
neither Mahmoud nor Muhammad, but its consonants are those of Mhd); the search must still put the
person meant in the top three, above people who merely share consonants.
"""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import F, Q

from memorial.remembrance import search
from memorial.remembrance.importer import import_file
from memorial.remembrance.models import NameKey, NameSpelling, Remembrance
from memorial.remembrance.normalise import name_words
from memorial.remembrance.search import search_names
from tests import factories

pytestmark = pytest.mark.django_db

PEOPLE = {
    "mahmud": ("Nour Mahmoud al-Qassab", "نور محمود القصاب"),
    "mhd": ("Nour Mhd Qasab", ""),
    "bassam": ("Bassam Nour Qasab", "بسام نور القصاب"),
    "munir": ("Munir Issam al-Dabbagh", "منير عصام الدباغ"),
    "umar": ("Umar Essam Dabbagh", ""),
    "chadi": ("Chadi Ma'mun Trabishi", "شادي مأمون طرابيشي"),
    "mhd_trabishi": ("Mhd Ma'mun Trabishi", ""),
    "najjar": ("Abdullah Hussein al-Najjar", "عبد الله حسين النجار"),
    "sarraj": ("Abdullah Hussein al-Sarraj", "عبد الله حسين السراج"),
    "salah": ("Salah Said al-Baroudi", ""),
    "ahmed_baroudi": ("Ahmed Saeed Baroudi", "أحمد سعيد البارودي"),
    "kabbani": ("Mahmud Mahmud Kabbani", ""),
    "ayman_kabbani": ("", "محمود أيمن قباني"),
    "amina": ("Qasim Amina al-Ahmad", "قاسم آمنة الأحمد"),
    "munir_ahmad": ("Qassem Munir al-Ahmad", "قاسم منير الأحمد"),
    "mamun_ahmad": ("", "قاسم مأمون الأحمد"),
    "shishakli": ("", "أيمن قاسم الشيشكلي"),
}


@pytest.fixture
def people():
    return {
        who: factories.RemembranceFactory(name_latin=latin, name_ar=arabic) for who, (latin, arabic) in PEOPLE.items()
    }


def top(query, n=3):
    return [p.pk for p in search_names(query).people[:n]]


@pytest.mark.parametrize(
    ("query", "who"),
    [
        ("Nour Mahoud al-Qassab", "mahmud"),  # a letter dropped: the consonants of Mhd
        ("Muoir Issam al-Dabbagh", "munir"),  # a letter replaced: the consonants of Umar
        ("Cahdi Ma'mun Trabishi", "chadi"),  # two letters swapped
        ("Qasim Amnia al-Ahmad", "amina"),  # swapped, and the consonants of Ma'mun
        ("Abd Allah Hussain Nagar", "najjar"),  # Egyptian g for j
        ("صلاح سعيد البارودي", "salah"),  # Arabic query, Latin-only record, final h a real ح
        ("محمود محمود قباني", "kabbani"),  # the same name twice
        ("ايمن قاسم الشيكلي", "shishakli"),  # Arabic typo: a letter dropped
        ("أيمن قاسم الشيشكلى", "shishakli"),  # alef maqsura for the final ya
    ],
)
def test_mistyped_or_rare_spelling_finds_the_person_meant(people, query, who):
    found = search_names(query)
    assert people[who].pk in [p.pk for p in found.people[:3]], (query, [str(p) for p in found.people[:3]])


@pytest.mark.parametrize(
    ("query", "who", "not_who"),
    [
        ("Nour Mahoud al-Qassab", "mahmud", "bassam"),
        ("Muoir Issam Dabbagh", "munir", "umar"),
        ("Cahdi Mamun Trabishi", "chadi", "mhd_trabishi"),
        ("Qasim Amnia Ahmad", "amina", "mamun_ahmad"),
        ("محمود محمود قباني", "kabbani", "ayman_kabbani"),
    ],
)
def test_the_person_meant_ranks_above_names_that_only_share_consonants(people, query, who, not_who):
    ranked = top(query, 10)
    assert people[who].pk in ranked
    assert people[not_who].pk not in ranked or ranked.index(people[who].pk) < ranked.index(people[not_who].pk)


def test_a_near_spelling_says_which_name_was_found(people):
    found = search_names("Cahdi Ma'mun Trabishi")
    assert found.approximate
    assert found.suggestion == "Chadi Ma'mun Trabishi"


def test_a_name_spelled_exactly_by_several_people_is_not_widened(people, django_assert_max_num_queries):
    """Three or more people spelled as the query: answered from their own keys, no near spellings read."""
    for _ in range(2):
        factories.RemembranceFactory(name_latin="Munir Issam al-Dabbagh", name_ar="")
    found = search_names("Munir Issam al-Dabbagh")
    assert found.people[0].pk == people["munir"].pk or found.people[0].name_latin == "Munir Issam al-Dabbagh"
    assert found.exact
    assert people["umar"].pk not in [p.pk for p in found.people]  # no widening to shared consonants
    with django_assert_max_num_queries(8):
        search_names("Munir Issam al-Dabbagh")


@pytest.mark.parametrize(
    ("spelling", "reading"),
    [("Salah", "slh"), ("Saleh", "slh"), ("Nagar", "njr"), ("Hegazi", "hjz"), ("Ragab", "rjb")],
)
def test_latin_spellings_also_carry_their_other_reading(spelling, reading):
    assert reading in name_words(spelling)[0].keys


def test_ghain_and_a_silent_final_h_keep_their_own_reading():
    assert "gsn" in name_words("Ghassan")[0].keys
    assert "ftm" in name_words("Fatmeh")[0].keys
    assert name_words("Hama")[0].keys == ["hm"]


def test_hidden_people_are_never_found_through_a_near_spelling(people):
    """A draft's spelling is in the vocabulary, but no visible person carries it: nothing is found."""
    hidden = factories.RemembranceFactory(name_latin="Zaydoun Qarqour", name_ar="", live=False)
    assert NameSpelling.objects.filter(spelling="zaydun").exists()
    for query in ["Zaydoun Qarqour", "Zaydun Qarqur", "Zaidoun Qarqour", "Zaydoun Qarqor"]:
        found = search_names(query)
        assert hidden.pk not in [p.pk for p in found.people]
        assert "Zaydoun" not in found.suggestion
    hidden.live = True
    hidden.save()
    assert top("Zaidoun Qarqor", 1) == [hidden.pk]


def test_widening_stays_inside_the_visitors_filters(people):
    """On a filtered names index the widened search looks only among the filtered people."""
    inside = Remembrance.objects.public().exclude(pk=people["munir"].pk)
    found = search_names("Muoir Issam al-Dabbagh", people=inside)
    assert people["munir"].pk not in [p.pk for p in found.people]


def test_vocabulary_follows_new_records(people):
    """A person added after the vocabulary was read is found by a typo at once."""
    assert top("Cahdi Ma'mun Trabishi")
    newcomer = factories.RemembranceFactory(name_latin="Wadih Sukkariyeh", name_ar="")
    assert top("Wadhi Sukkariyeh", 1) == [newcomer.pk]


def test_saving_and_importing_add_spellings_and_rebuild_prunes_them(people):
    assert NameSpelling.objects.filter(spelling="trabishi").exists()
    data = "name_latin,name_ar,source\nFiras Hallaq,فراس الحلاق,A family list\n".encode()
    report = import_file(data, filename="names.csv", publish=True)
    assert report.ok and report.created == 1
    assert NameSpelling.objects.filter(spelling="firas").exists()
    assert NameSpelling.objects.filter(spelling="حلاق").exists()
    people["chadi"].delete()
    people["mhd_trabishi"].delete()
    call_command("rebuild_name_keys", stdout=io.StringIO())
    assert not NameSpelling.objects.filter(spelling="trabishi").exists()
    assert NameSpelling.objects.filter(spelling="firas").exists()
    assert NameKey.objects.filter(key="frs").exists()
    assert top("Fiars Hallaq", 1) == [Remembrance.objects.get(name_latin="Firas Hallaq").pk]


def test_a_rebuild_is_seen_by_a_vocabulary_already_read(people):
    """Pruned spellings leave the vocabulary a process has read, even when the rebuilt rows happen to end
    at the same newest id (SQLite reuses ids): the rebuild moves the publication generation on."""
    assert "trabishi" in search.vocabulary().keys_of
    newest = NameSpelling.objects.order_by("-pk").values_list("pk", flat=True).first()
    people["chadi"].delete()
    people["mhd_trabishi"].delete()
    call_command("rebuild_name_keys", stdout=io.StringIO())
    # Every rebuilt row moved so that the newest id is the one read before (in two steps: no id collides).
    shift = newest - NameSpelling.objects.order_by("-pk").values_list("pk", flat=True).first()
    NameSpelling.objects.update(id=F("id") + 1_000_000)
    NameSpelling.objects.update(id=F("id") - 1_000_000 + shift)
    assert NameSpelling.objects.order_by("-pk").values_list("pk", flat=True).first() == newest
    assert "trabishi" not in search.vocabulary().keys_of


def test_vocabulary_is_read_once_until_it_changes(people, django_assert_num_queries):
    search.vocabulary()
    with django_assert_num_queries(1):  # only the check that nothing was added
        search.vocabulary()
    factories.RemembranceFactory(name_latin="Yamen Dakkak", name_ar="")
    with django_assert_num_queries(2):
        vocabulary = search.vocabulary()
    assert "yamen" in vocabulary.keys_of or "yamin" in vocabulary.keys_of


def test_a_typo_that_spells_another_name_still_finds_the_person_meant():
    """محمود with its waw dropped is محمد: the one exact match comes first, the person meant just below."""
    meant = factories.RemembranceFactory(name_latin="Mahmud Riyad Halabi", name_ar="محمود رياض الحلبي")
    exact = factories.RemembranceFactory(name_latin="Riyad Mhd Halabi", name_ar="رياض محمد الحلبي")
    factories.RemembranceFactory(name_latin="Omar Riyad Halabi", name_ar="عمر رياض الحلبي")
    ranked = top("محمد رياض الحلبي")
    assert ranked[0] == exact.pk
    assert meant.pk in ranked


def test_an_exact_name_lists_its_matches_then_only_a_few_near_names():
    """A precise search is not buried: everyone with the name, then at most five people with a near name."""
    meant = factories.RemembranceFactory(name_latin="Munir Issam al-Dabbagh", name_ar="منير عصام الدباغ")
    for given in ["Omar", "Hasan", "Ali", "Khalid", "Yusuf", "Salim", "Nour", "Bashir", "Samir", "Adnan"]:
        factories.RemembranceFactory(name_latin=f"{given} Issam al-Dabbagh", name_ar="")
    found = search_names("Munir Issam al-Dabbagh")
    assert found.people[0].pk == meant.pk
    assert 1 < len(found.people) <= 1 + search.NEAR_BESIDE_EXACT
    assert found.exact and not found.suggestion


@pytest.mark.parametrize(("room", "read"), [(3, 1 + 3), (search.ALL_BUT_ONE_BESIDE_EXACT, 1 + 8)])
def test_beside_an_exact_match_only_a_few_sharing_all_words_but_one_are_read(room, read, monkeypatch):
    """Beside someone spelled as asked, the few near names shown are chosen from at most
    ALL_BUT_ONE_BESIDE_EXACT people matching every word but one: each is a row read and ranked."""
    monkeypatch.setattr(search, "ALL_BUT_ONE_BESIDE_EXACT", room)
    meant = factories.RemembranceFactory(name_latin="Munir Issam al-Dabbagh", name_ar="")
    for given in ["Omar", "Hasan", "Ali", "Khalid", "Yusuf", "Salim", "Nour", "Bashir"]:
        factories.RemembranceFactory(name_latin=f"{given} Issam al-Dabbagh", name_ar="")
    ranked = []
    rank = search.rank
    monkeypatch.setattr(search, "rank", lambda q, candidates: ranked.append(len(candidates)) or rank(q, candidates))
    found = search_names("Munir Issam al-Dabbagh")
    assert ranked == [read]
    assert found.people[0].pk == meant.pk and len(found.people) == 1 + min(room, search.NEAR_BESIDE_EXACT)


@pytest.mark.parametrize("spelled_near", [1, search.ALL_BUT_ONE_BELOW])
def test_people_sharing_all_words_but_one_join_only_when_few_match_every_word(spelled_near):
    """A mistyped family name: its near spellings find the family; a person who shares only the given
    and father's names is offered beside one such match, not beside as many as make a name common."""
    family = [factories.RemembranceFactory(name_latin="Khalid Omar Tayyar", name_ar="") for _ in range(spelled_near)]
    two_words = factories.RemembranceFactory(name_latin="Khalid Omar Zahrawi", name_ar="")
    found = [p.pk for p in search_names("Khalid Omar Tayyr").people]
    assert {p.pk for p in family} <= set(found)
    assert (two_words.pk in found) == (spelled_near < search.ALL_BUT_ONE_BELOW)


def test_a_compound_typed_apart_with_a_typo_is_joined_again():
    """ "Abul Rahman": neither word is a name, together they are near Abdul Rahman."""
    meant = factories.RemembranceFactory(name_latin="Abdul Rahman Khalid Hourani", name_ar="عبد الرحمن خالد الحوراني")
    for given in ["Ahmad", "Ayman", "Uthman", "Rahma", "Salah", "Radwan"]:  # near "Rahman" alone
        factories.RemembranceFactory(name_latin=f"{given} Khalid Hourani", name_ar="")
    factories.RemembranceFactory(name_latin="Khalid Radwan Hourani", name_ar="")
    found = search_names("Abul Rahman Khalid Hourani")
    assert found.people[0].pk == meant.pk
    assert len(found.words) == 3 and all(word.found for word in found.words)  # the halves count as one word
    assert not found.partial and found.approximate
    assert top("Abd Al Rahmn Khalid Hourani")[0] == meant.pk


def test_different_common_names_do_not_pass_for_each_other_through_their_consonants():
    """Muhammad and Mahmoud share m-h-m-d; in Arabic, the Latin-only Mohamad is closer than محمود."""
    meant = factories.RemembranceFactory(name_latin="Mohamad Rami Sebai", name_ar="")
    other = factories.RemembranceFactory(name_latin="Mahmoud Rami al-Sibai", name_ar="محمود رامي السباعي")
    ranked = top("محمد رامي السباعي", 5)
    assert ranked.index(meant.pk) < ranked.index(other.pk)


def test_a_latin_family_name_that_is_also_a_given_name_finds_the_arabic_record():
    """Latin "al-Jamal" reads as the given name Jamal (جمال); the Arabic-only record has الجمل."""
    meant = factories.RemembranceFactory(name_latin="", name_ar="سعيد رضوان الجمل")
    for given, father in [("Said", "Raghad"), ("Khalid", "Ridwan"), ("Said", "Radwan"), ("Radwan", "Jamal")]:
        factories.RemembranceFactory(name_latin=f"{given} {father} Ubaid", name_ar="")
    factories.RemembranceFactory(name_latin="Said Raghad al-Jamal", name_ar="سعيد رغد الجمل")
    factories.RemembranceFactory(name_latin="Khalid Ridwan Jamal", name_ar="خالد رضوان الجمل")
    assert meant.pk in top("Saeed Radwan al-Jamal")


def test_near_keys_held_are_found_together_as_one_at_a_time(people, django_assert_max_num_queries):
    """Which near keys a visible person holds: a key held only by an unpublished person, or by nobody,
    is left out, the order kept; on PostgreSQL all are asked in one statement, on SQLite one by one."""
    hidden = factories.RemembranceFactory(name_latin="Wadah Zaher Khanji", name_ar="", live=False)
    hidden_key = name_words("Khanji")[0].key
    assert NameKey.objects.filter(person=hidden, key=hidden_key).exists()
    held = [name_words(word)[0].key for word in ("Trabishi", "Dabbagh", "Qassab")]
    keys = [held[0], hidden_key, "no-such-key", held[1], held[2]]
    public = Remembrance.objects.public()
    together = len(keys) if connection.vendor != "postgresql" else 1
    with django_assert_max_num_queries(together):
        found = search._keys_held(keys, public)
    assert found == held
    one_at_a_time = [key for key in keys if search._public_keys(Q(key=key), public).exists()]
    assert found == one_at_a_time


def test_a_search_asks_whether_the_vocabulary_is_current_once(people, monkeypatch):
    """Three mistyped words, each looked up among near spellings, then the widening: one reading."""
    readings = []
    real = search.vocabulary
    monkeypatch.setattr(search, "vocabulary", lambda: readings.append(1) or real())
    assert search_names("Cahdi Mamnu Trabsihi").people
    assert len(readings) == 1
    readings.clear()
    assert len(search_names("Nour").people) == 3  # three found as spelled: no near spellings needed
    assert readings == []


def test_a_widening_without_near_spellings_does_not_ask_again_for_everyone_found(people, monkeypatch):
    """Trabishy: found through the family name's consonants but spelled by nobody, so the search widens;
    no word has a near spelling of its own, so the people matching every word are not asked for twice."""
    asked = []
    real = search._first
    monkeypatch.setattr(search, "_first", lambda rows, limit: asked.append(limit) or real(rows, limit))
    found = top("Trabishy")
    assert set(found) == {people["chadi"].pk, people["mhd_trabishi"].pk}
    assert len(asked) == (1 if search.keyindex.for_queryset(Remembrance.objects.all()) else 0)


def test_a_widening_still_reads_on_when_more_matched_every_word_than_were_kept(people, monkeypatch):
    """Three people match every word of Trabishy, and only two are kept at first: the widening asks
    again for the others (not spelled as asked, they are all ranked), near spellings or none."""
    third = factories.RemembranceFactory(name_latin="Omar Ma'mun Trabishi", name_ar="")
    monkeypatch.setattr(search, "MAX_CANDIDATES", 1)
    assert set(top("Trabishy")) == {people["chadi"].pk, people["mhd_trabishi"].pk, third.pk}


@pytest.mark.parametrize(
    ("query", "meant", "sharing_consonants"),
    [
        # Maawan (mawan: m-n) is one letter from Marwan, three from Ma'mun (m-n too).
        (
            "Abdullah Maawan al-Shami",
            ("Abdullah Marwan al-Shami", ""),
            ("Abdallah Ma'mun Shami", "عبد الله مأمون الشامي"),
        ),
        # Moura (m-r) is one letter from Mouna, a transposition and more from Umar (m-r).
        ("Ridwan Moura al-Zein", ("Radwan Mouna al-Zein", ""), ("Ridwan Umar Zein", "رضوان عمر الزين")),
    ],
)
def test_a_typo_is_nearer_a_one_letter_neighbour_than_a_name_sharing_two_consonants(query, meant, sharing_consonants):
    """Two consonants are shared by too many names to outweigh the spelling, in either script."""
    person = factories.RemembranceFactory(name_latin=meant[0], name_ar=meant[1])
    other = factories.RemembranceFactory(name_latin=sharing_consonants[0], name_ar=sharing_consonants[1])
    ranked = top(query, 5)
    assert ranked.index(person.pk) < ranked.index(other.pk)


@pytest.mark.parametrize(
    ("query", "meant", "reordered"),
    [
        ("Khalil Amina Khodor", ("Khalil Amina al-Khodr", ""), ("Amina Khalil Khodor", "آمنة خليل الخضر")),
        # In the other script, in the order asked, above the same words in the query's script reordered.
        ("Hisham Mariam al-Rifai", ("", "هشام مريم الرفاعي"), ("Maryam Hisham al-Rifai", "")),
    ],
)
def test_the_names_in_the_order_asked_come_before_the_same_names_reordered(query, meant, reordered):
    """Given name, father's name, family: Khalil son of Amina is not Amina daughter of Khalil."""
    person = factories.RemembranceFactory(name_latin=meant[0], name_ar=meant[1])
    other = factories.RemembranceFactory(name_latin=reordered[0], name_ar=reordered[1])
    assert top(query, 2) == [person.pk, other.pk]
