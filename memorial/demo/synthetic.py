"""Invented people for the benchmark: Arabic and Latin names with their real-world spelling variety.

Nobody generated here existed. Each name part carries its Arabic spelling and several Latin
spellings, so the benchmark can write a person one way and search for them another.
"""

import csv
import io
import random

GIVEN = [
    ("مُحَمَّد", "محمد", ["Muhammad", "Mohammed", "Mohamad", "Mhd", "Mohamed"]),
    ("أحمد", "احمد", ["Ahmad", "Ahmed"]),
    ("محمود", "محمود", ["Mahmoud", "Mahmud"]),
    ("عبد الرحمن", "عبد الرحمن", ["Abd al-Rahman", "Abdul Rahman", "Abdelrahman", "Abdurrahman"]),
    ("عبد الله", "عبد الله", ["Abdullah", "Abdallah", "Abd Allah"]),
    ("عبد القادر", "عبد القادر", ["Abd al-Qadir", "Abdulkader", "Abdelkader"]),
    ("عبد الكريم", "عبد الكريم", ["Abd al-Karim", "Abdulkarim", "Abdelkarim"]),
    ("حسين", "حسين", ["Hussein", "Husayn", "Hussain"]),
    ("حسن", "حسن", ["Hasan", "Hassan"]),
    ("عمر", "عمر", ["Omar", "Umar"]),
    ("عثمان", "عثمان", ["Othman", "Uthman", "Osman"]),
    ("خالد", "خالد", ["Khaled", "Khalid"]),
    ("مصطفى", "مصطفي", ["Mustafa", "Mostafa", "Moustafa"]),
    ("يوسف", "يوسف", ["Yusuf", "Youssef", "Yousef"]),
    ("إبراهيم", "ابراهيم", ["Ibrahim", "Ebrahim"]),
    ("إسماعيل", "اسماعيل", ["Ismail", "Ismael"]),
    ("سعيد", "سعيد", ["Said", "Saeed"]),
    ("وليد", "وليد", ["Walid", "Waleed"]),
    ("خليل", "خليل", ["Khalil", "Khaleel"]),
    ("جمال", "جمال", ["Jamal", "Djamal"]),
    ("فاطمة", "فاطمه", ["Fatima", "Fatmeh", "Fatmah"]),
    ("عائشة", "عايشه", ["Aisha", "Aysha"]),
    ("زينب", "زينب", ["Zaynab", "Zainab", "Zeinab"]),
    ("مريم", "مريم", ["Maryam", "Mariam"]),
    ("خديجة", "خديجه", ["Khadija", "Khadijah"]),
    ("آمنة", "امنه", ["Amina", "Aminah"]),
    ("نور", "نور", ["Nour", "Nur"]),
    ("سليم", "سليم", ["Salim", "Saleem"]),
    ("ياسين", "ياسين", ["Yasin", "Yassin"]),
    ("هشام", "هشام", ["Hisham", "Hesham"]),
    ("سمير", "سمير", ["Samir", "Sameer"]),
    ("بشير", "بشير", ["Bashir", "Basheer"]),
    ("عدنان", "عدنان", ["Adnan"]),
    ("أيمن", "ايمن", ["Ayman", "Aiman"]),
    ("رامي", "رامي", ["Rami", "Ramy"]),
    ("زياد", "زياد", ["Ziad", "Ziyad"]),
    ("رياض", "رياض", ["Riad", "Riyad"]),
    ("طه", "طه", ["Taha"]),
    ("وجيه", "وجيه", ["Wajih", "Wajeeh"]),
    ("نزار", "نزار", ["Nizar", "Nezar"]),
    ("مأمون", "مامون", ["Mamoun", "Ma'mun"]),
    ("فيصل", "فيصل", ["Faisal", "Faysal"]),
    ("منير", "منير", ["Munir", "Mounir"]),
    ("ناصر", "ناصر", ["Nasser", "Nasir"]),
    ("هيثم", "هيثم", ["Haitham", "Haytham"]),
    ("غسان", "غسان", ["Ghassan"]),
    ("بسام", "بسام", ["Bassam"]),
    ("عصام", "عصام", ["Issam", "Essam"]),
    ("صلاح", "صلاح", ["Salah", "Salaah"]),
    ("رضوان", "رضوان", ["Radwan", "Ridwan"]),
    ("مروان", "مروان", ["Marwan"]),
    ("أنس", "انس", ["Anas"]),
    ("قاسم", "قاسم", ["Qasim", "Kassem", "Qassem"]),
    ("شادي", "شادي", ["Shadi", "Chadi"]),
    ("ماجد", "ماجد", ["Majed", "Majid"]),
    ("لؤي", "لوي", ["Louay", "Luay"]),
    ("سهى", "سهي", ["Suha", "Souha"]),
    ("رغد", "رغد", ["Raghad"]),
    ("هالة", "هاله", ["Hala"]),
    ("منى", "مني", ["Mouna", "Muna", "Mona"]),
]
FAMILY = [
    ("الكيلاني", ["al-Kilani", "Kilani", "Keilani", "Al Kaylani"]),
    ("البرازي", ["al-Barazi", "Barazi", "El Barazi"]),
    ("العظم", ["al-Azm", "Azem", "El Azm"]),
    ("الشيشكلي", ["al-Shishakli", "Shishakly", "Chichakli"]),
    ("طيفور", ["Tayfour", "Taifour", "Tayfur"]),
    ("الدالاتي", ["al-Dalati", "Dalati"]),
    ("حمدون", ["Hamdoun", "Hamdun"]),
    ("الصباغ", ["al-Sabbagh", "Sabbagh", "Sabagh"]),
    ("الحداد", ["al-Haddad", "Haddad"]),
    ("المصري", ["al-Masri", "Masri", "El Masry"]),
    ("الحلبي", ["al-Halabi", "Halabi"]),
    ("الحوراني", ["al-Hourani", "Hourani", "Hurani"]),
    ("الجندي", ["al-Jundi", "Jundi", "Joundi"]),
    ("الكيالي", ["al-Kayyali", "Kayyali", "Kayali"]),
    ("الخاني", ["al-Khani", "Khani"]),
    ("الزين", ["al-Zein", "Zein", "Zain"]),
    ("الرفاعي", ["al-Rifai", "Rifai", "Refaei"]),
    ("العلواني", ["al-Alwani", "Alwani"]),
    ("موسى", ["Mousa", "Musa", "Moussa"]),
    ("القصاب", ["al-Qassab", "Kassab", "Qasab"]),
    ("الدباغ", ["al-Dabbagh", "Dabbagh"]),
    ("الكردي", ["al-Kurdi", "Kurdi", "Kordi"]),
    ("طرابيشي", ["Tarabishi", "Trabishi"]),
    ("الحموي", ["al-Hamwi", "Hamawi", "El Hamwi", "Hamwy"]),
    ("الشامي", ["al-Shami", "Shami", "Chami"]),
    ("النعسان", ["al-Naasan", "Naasan"]),
    ("الأحمد", ["al-Ahmad", "Al Ahmed"]),
    ("السيد", ["al-Sayed", "Sayed"]),
    ("العمر", ["al-Omar", "Al Omar"]),
    ("قطيني", ["Qutaini", "Kteini"]),
    ("الحسن", ["al-Hasan", "Al Hassan"]),
    ("الدرويش", ["al-Darwish", "Darwish", "Darwiche"]),
    ("الشيخ", ["al-Sheikh", "Sheikh", "Cheikh"]),
    ("سلوم", ["Salloum", "Sallum"]),
    ("عثمان", ["Othman", "Osman"]),
    ("الخطيب", ["al-Khatib", "Khatib", "El Khatib"]),
    ("البيطار", ["al-Bitar", "Bitar", "Baytar"]),
    ("النجار", ["al-Najjar", "Najjar", "Nagar"]),
    ("العبيد", ["al-Obeid", "Obeid", "Ubaid"]),
    ("الحافظ", ["al-Hafez", "Hafez", "Hafiz"]),
    ("عرعور", ["Arour", "Aroor"]),
    ("الخضر", ["al-Khodr", "Khodor", "Khidr"]),
    ("الحصني", ["al-Husni", "Housni"]),
    ("الزعبي", ["al-Zoubi", "Zoubi", "Zubi"]),
    ("السراج", ["al-Sarraj", "Sarraj"]),
    ("الطباع", ["al-Tabbaa", "Tabbaa"]),
    ("الفاعوري", ["al-Faouri", "Faouri"]),
    ("قباني", ["Qabbani", "Kabbani"]),
    ("المحمد", ["al-Mohammad", "Al Mohamed"]),
    ("الغزي", ["al-Ghazzi", "Ghazzi", "Ghazi"]),
    ("المعراوي", ["al-Maarawi", "Maarawi"]),
    ("البكري", ["al-Bakri", "Bakri"]),
    ("الصابوني", ["al-Sabouni", "Sabouni"]),
    ("الطيار", ["al-Tayyar", "Tayyar"]),
    ("السباعي", ["al-Sibai", "Sibai", "Sebai"]),
    ("الأتاسي", ["al-Atassi", "Atassi"]),
    ("الدندشي", ["al-Dandashi", "Dandachi"]),
    ("الجمل", ["al-Jamal", "Jamal"]),
    ("القاسم", ["al-Qasim", "Kassem"]),
    ("البارودي", ["al-Baroudi", "Baroudi"]),
]
PLACES = ["Hama", "al-Hadir", "al-Kilaniyya", "al-Baroudiyya", "al-Hamidiyya", "Suq al-Shajara"]
FATES = ["killed"] * 7 + ["missing"] * 2 + ["detention"]


def person(rng):
    """One invented person: the parts of the name, and how a list might write them."""
    given = rng.randrange(len(GIVEN))
    father = rng.randrange(len(GIVEN))
    family = rng.randrange(len(FAMILY))
    return {
        "given": given,
        "father": father,
        "family": family,
        "script": rng.choices(["both", "ar", "latin"], [6, 2, 2])[0],
    }


def arabic(parts, rng=None, plain=False):
    """The Arabic name; ``plain`` writes it without hamza seats or marks, as many people type it."""
    index = 1 if plain else 0
    return f"{GIVEN[parts['given']][index]} {GIVEN[parts['father']][index]} {FAMILY[parts['family']][0]}"


def latin(parts, rng, variant=None):
    """A Latin spelling; ``variant`` picks a different one from the first for each part where one exists."""

    def pick(options):
        if variant is None:
            return rng.choice(options)
        return options[variant % len(options)]

    return f"{pick(GIVEN[parts['given']][2])} {pick(GIVEN[parts['father']][2])} {pick(FAMILY[parts['family']][1])}"


def people_and_rows(count, seed=1982):
    """Yield (person, CSV row) for ``count`` invented people, one at a time (a million fit in a loop)."""
    rng = random.Random(seed)  # noqa: S311 (reproducible test data)
    for _ in range(count):
        parts = person(rng)
        parts["latin_variant"] = rng.randrange(5)
        name_ar = arabic(parts) if parts["script"] in {"both", "ar"} else ""
        name_latin = latin(parts, rng, parts["latin_variant"]) if parts["script"] in {"both", "latin"} else ""
        variants = (
            latin(parts, rng, parts["latin_variant"] + 1) if parts["script"] == "both" and rng.random() < 0.3 else ""
        )
        birth = rng.randint(1900, 1981)
        death_day = rng.randint(2, 28)
        yield (
            parts,
            {
                "name_ar": name_ar,
                "name_latin": name_latin,
                "name_variants": variants,
                "birth_date": str(birth) if rng.random() < 0.7 else "",
                "death_date": f"1982-02-{death_day:02d}" if rng.random() < 0.8 else "1982",
                "place": rng.choice(PLACES) if rng.random() < 0.9 else "",
                "fate": rng.choice(FATES),
                "source": "Synthetic benchmark list (invented people)",
            },
        )


def rows(count, seed=1982):
    """(people, CSV rows) for ``count`` invented people."""
    people, out = [], []
    for parts, row in people_and_rows(count, seed):
        people.append(parts)
        out.append(row)
    return people, out


def csv_bytes(data_rows):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(data_rows[0]))
    writer.writeheader()
    writer.writerows(data_rows)
    return buffer.getvalue().encode("utf-8")
