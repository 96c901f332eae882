"""Sample people and sample testimonies, so the design can be seen before real records exist.

Everyone here is invented. Names carry "Sample" (or "نموذج" in Arabic) and a number, witnesses
are "Sample witness A" and so on, every record has ``is_sample=True``, and every account opens by
saying it is a sample. The accounts stay within what the archive's sources report happened:
the siege, the cut lines, the shelling, detention in camps and stadiums, arrests of people
registered in Hama, the destruction of the old city, exile.
"""

from memorial.core.models import DatePrecision

DAY, MONTH, YEAR, APPROXIMATE = DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR, DatePrecision.APPROXIMATE

RECORD_SOURCE = "Sample data for demonstration"
SAMPLE_NOTICE = (
    "<p><i>This is a sample record, invented to show how the archive presents a person. It is not a real "
    "person.</i></p>"
)
ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def _names(number, latin, arabic, latin_variants=(), arabic_variants=()):
    n = f"{number:02d}"
    n_ar = n.translate(ARABIC_DIGITS)
    variants = [f"Sample Person {n} ({v})" for v in latin_variants]
    variants += [f"نموذج {n_ar}: {v}" for v in arabic_variants]
    return {
        "key": n,
        "name_latin": f"Sample Person {n} ({latin})",
        "name_ar": f"نموذج {n_ar}: {arabic}",
        "name_variants": "\n".join(variants),
    }


REMEMBRANCES = [
    {
        **_names(1, "Ahmad", "أحمد", ["Ahmed", "Ahmet"], ["احمد"]),
        "birth": ("1954-01-01", YEAR),
        "death": ("1982-02-05", DAY),
        "fate": "killed",
        "place": "old-city",
        "circumstances": (
            "Sample record. Killed in the old city on the fourth day of the assault while looking for bread, "
            "according to the (sample) testimony of his sister."
        ),
        "portrait": 1,
        "life_story": (
            "<p>A sample life story: the eldest son of a family of the old city, he worked in his father's shop "
            "and was known for carrying the neighbours' shopping up the stairs.</p>"
        ),
    },
    {
        **_names(2, "Fatima", "فاطمة", ["Fatma", "Fatimah"], ["فاطمه"]),
        "age": 34,
        "death": ("1982-02-01", MONTH),
        "fate": "killed",
        "place": "kilaniyya",
        "circumstances": "Sample record. Killed in her home in the Kilaniyya quarter during the assault.",
        "portrait": 2,
    },
    {
        **_names(3, "Mahmoud", "محمود", ["Mahmud", "Mahmood"]),
        "birth": ("1961-03-14", DAY),
        "death": ("1982-02-20", DAY),
        "fate": "missing",
        "place": "stadiums",
        "circumstances": (
            "Sample record. Last seen by a (sample) neighbour among the survivors held in a stadium after the "
            "assault. The date is the day he was last seen."
        ),
    },
    {
        **_names(4, "Khadija", "خديجة", ["Khadijah", "Hadice"], ["خديجه"]),
        "age": 9,
        "death": ("1982-02-01", MONTH),
        "fate": "killed",
        "place": "hama",
        "circumstances": "Sample record. A child who, her (sample) family says, died of hunger during the siege.",
    },
    {
        **_names(5, "Omar", "عمر", ["Umar", "Ömer"]),
        "birth": ("1949-01-01", APPROXIMATE),
        "death": ("1982-01-01", YEAR),
        "fate": "detention",
        "place": "military-camps",
        "circumstances": (
            "Sample record. Taken with other survivors to a military camp after the assault; his (sample) family "
            "was later told he had died there."
        ),
        "portrait": 3,
    },
    {
        **_names(6, "Huda", "هدى", ["Houda", "Hoda"]),
        "birth": ("1958-01-01", YEAR),
        "death": ("1982-02-01", MONTH),
        "fate": "missing",
        "place": "hama",
        "circumstances": (
            "Sample record. Her (sample) family lost sight of her in February 1982 and has never learned what "
            "happened to her."
        ),
    },
    {
        **_names(7, "Yusuf", "يوسف", ["Youssef", "Yousef", "Yusef"]),
        "age": 62,
        "death": ("1982-02-03", DAY),
        "fate": "killed",
        "place": "old-city",
        "circumstances": "Sample record. Killed when a shell struck his house in the old city.",
    },
    {
        **_names(8, "Samira", "سميرة", ["Sameera", "Semira"], ["سميره"]),
        "death": ("1982-01-01", YEAR),
        "fate": "unknown",
        "place": "hama",
        "circumstances": "Sample record. Her (sample) relatives lost contact with her in 1982; her fate is unknown.",
    },
    {
        **_names(9, "Khaled", "خالد", ["Khalid", "Halit"]),
        "birth": ("1951-01-01", YEAR),
        "death": ("1982-01-01", YEAR),
        "fate": "missing",
        "place": "detention-across-syria",
        "circumstances": (
            "Sample record. Arrested at his workplace in another Syrian city because his identity card named Hama "
            "as his place of registration, according to the (sample) testimony of his child. Never seen again."
        ),
        "portrait": 4,
    },
    {
        **_names(10, "Mariam", "مريم", ["Maryam", "Meryem"]),
        "age": 45,
        "death": ("1982-02-01", MONTH),
        "fate": "killed",
        "place": "kilaniyya",
        "circumstances": "Sample record. Killed in the Kilaniyya quarter; her body was found in the ruins.",
    },
    {
        **_names(11, "Bilal", "بلال", ["Belal"]),
        "birth": ("1966-01-01", YEAR),
        "death": ("1982-02-10", DAY),
        "fate": "killed",
        "place": "hama",
        "circumstances": (
            "Sample record. Wounded in the shelling and, his (sample) family says, not reached for several days."
        ),
    },
    {
        **_names(12, "Nour", "نور", ["Noor", "Nur"]),
        "age": 19,
        "death": ("1982-01-01", YEAR),
        "fate": "detention",
        "place": "stadiums",
        "circumstances": (
            "Sample record. Held in a stadium after the assault; she died there, according to the (sample) "
            "testimony of her father."
        ),
    },
    {
        **_names(13, "Hassan", "حسن", ["Hasan"]),
        "birth": ("1938-01-01", APPROXIMATE),
        "death": ("1982-01-01", APPROXIMATE),
        "fate": "missing",
        "place": "military-camps",
        "circumstances": "Sample record. Believed to have been taken to a military camp; no trace of him since.",
    },
    {
        **_names(14, "Layla", "ليلى", ["Leila", "Laila"], ["ليلا"]),
        "age": 27,
        "death": ("1982-02-02", DAY),
        "fate": "killed",
        "place": "old-city",
        "circumstances": "Sample record. Killed in the old city on the first day of the assault.",
    },
]

# --- Testimonies ---------------------------------------------------------------------------

SAMPLE_TESTIMONY_NOTICE = (
    "<p><i>This is a sample testimony, written to show how the archive presents a witness's account. The witness "
    "is invented; what happens in the account follows what the sources cited below report.</i></p>"
)

TESTIMONIES = [
    {
        "slug": "sample-witness-a-the-first-days",
        "title": "Sample testimony A: the first days of the siege",
        "witness_display": "named",
        "witness_name": "Sample Witness A (named)",
        "witness_relation": "survivor",
        "interview_date": "2023-05-14",
        "interviewer": "Sample interviewer",
        "language": "ar",
        "summary": (
            "A sample account of the first days of February 1982 in Hama: the shelling, the electricity, water "
            "and telephone cut, and a family sheltering in a cellar while a brother goes out for bread."
        ),
        "content_note": "Describes shelling and the death of a family member.",
        "body": [
            ("p", SAMPLE_TESTIMONY_NOTICE),
            ("h", "The first morning"),
            (
                "p",
                "<p>It began in the night. We heard the guns before we understood what they were. By the morning "
                "there was no electricity, and soon no water came from the taps. My father lifted the telephone and "
                "it was dead.</p>",
            ),
            (
                "p",
                "<p>We went down to the cellar with the neighbours from upstairs, eleven of us. We counted the days "
                "by the light at the small window. Nobody came, and we did not know whether anyone outside knew "
                "what was happening to us.</p>",
            ),
            ("quote", "We did not know if anyone outside knew.", "Sample witness A"),
            ("h", "My brother"),
            (
                "p",
                "<p>On the fourth day my brother went out to look for bread. He did not come back. Much later we "
                "learned that he had been killed in the old city, a few streets from our door.</p>",
            ),
        ],
        "places": ["hama", "old-city"],
        "events": ["assault", "siege", "cut-off"],
        "themes": ["siege", "communications-cut"],
        "sources": ["ilkha", "histories"],
        "people": [("01", "The witness's brother (sample)")],
    },
    {
        "slug": "sample-witness-b-held-in-a-stadium",
        "title": "Sample testimony B: held in a stadium",
        "witness_display": "pseudonym",
        "witness_pseudonym": "Abu Nour (sample pseudonym)",
        "witness_relation": "detainee",
        "interview_date": "2024-02-02",
        "interviewer": "Sample interviewer",
        "language": "en",
        "summary": (
            "A sample account by a former detainee: taken with other survivors to a stadium after the assault, "
            "held there with little food, and separated from his daughter."
        ),
        "content_note": "Describes detention, hunger, beatings and the death of a child in detention.",
        "body": [
            ("p", SAMPLE_TESTIMONY_NOTICE),
            (
                "p",
                "<p>When the soldiers came into our street the shelling had stopped. They told everyone to come "
                "out. They took the men they found, and many women and children too, and drove us to a "
                "stadium.</p>",
            ),
            (
                "p",
                "<p>We were given almost nothing to eat. Children cried from hunger, and then they stopped crying, "
                "which was worse. Men were taken away to be questioned and came back beaten; some did not come "
                "back at all.</p>",
            ),
            ("quote", "After some days the children stopped crying, and that was worse.", "Sample witness B"),
            (
                "p",
                "<p>My daughter was held on the other side of the ground. I saw her twice, from far away. When I "
                "was released, weeks later, they told me she had died. Our neighbour's son, who was with us at the "
                "start, I never saw again.</p>",
            ),
        ],
        "places": ["stadiums", "hama"],
        "events": ["camps"],
        "themes": ["detention", "the-missing"],
        "sources": ["ilkha"],
        "people": [("12", "The witness's daughter (sample)"), ("03", "A neighbour's son (sample)")],
    },
    {
        "slug": "sample-witness-c-searching-for-my-father",
        "title": "Sample testimony C: searching for my father",
        "witness_display": "anonymous",
        "witness_relation": "relative",
        "interview_date": "2022-11-03",
        "interviewer": "Sample interviewer",
        "language": "ar",
        "summary": (
            "A sample account by the child of a man arrested in 1982 far from Hama, because his identity card "
            "named Hama as his place of registration. The family has never learned what happened to him."
        ),
        "content_note": "Describes an arrest and a disappearance.",
        "body": [
            ("p", SAMPLE_TESTIMONY_NOTICE),
            (
                "p",
                "<p>My father worked in another city, far from Hama. In 1982 men came to his workplace and asked "
                "for identity cards. His said that he was registered in Hama. That was enough; they took him.</p>",
            ),
            (
                "p",
                "<p>My mother asked at every office she could reach. Nobody would say where he was, or whether he "
                "was alive. After a while she was told to stop asking, and she was afraid for us, so she "
                "stopped.</p>",
            ),
            (
                "p",
                "<p>I was small; I remember his voice more than his face. We still do not know what happened to "
                "him. I am giving this account so that his name is written somewhere.</p>",
            ),
        ],
        "places": ["detention-across-syria"],
        "events": ["arrests"],
        "themes": ["the-missing", "detention"],
        "sources": ["ilkha"],
        "people": [("09", "The witness's father (sample)")],
    },
    {
        "slug": "sample-witness-d-leaving-syria",
        "title": "Sample testimony D: leaving Syria",
        "witness_display": "pseudonym",
        "witness_pseudonym": "Umm Samir (sample pseudonym)",
        "witness_relation": "exile",
        "interview_date": "2025-03-20",
        "interviewer": "Sample interviewer",
        "language": "en",
        "summary": (
            "A sample account by a woman who left Syria after 1982 and has lived in exile since: the fear of "
            "being from Hama, the journey out, and a sister who is still missing."
        ),
        "content_note": "Mentions arrest and disappearance.",
        "body": [
            ("p", SAMPLE_TESTIMONY_NOTICE),
            (
                "p",
                "<p>After February, being from Hama was dangerous anywhere in the country. A cousin of my husband "
                "was arrested in another city only because of where he was registered. We understood that we "
                "could not stay.</p>",
            ),
            (
                "p",
                "<p>We left with one bag each and told no one. For years I could not say the name of my city aloud "
                "in front of strangers.</p>",
            ),
            (
                "p",
                "<p>My sister stayed behind in Hama. We lost her in the February days and have never found out what "
                "happened. I have looked for her name on every list I could find.</p>",
            ),
        ],
        "places": ["exile", "hama"],
        "events": ["exile", "arrests"],
        "themes": ["displacement-and-exile", "the-missing"],
        "sources": ["ilkha"],
        "people": [("06", "The witness's sister (sample)")],
    },
    {
        "slug": "sample-witness-e-the-kilaniyya-quarter",
        "title": "Sample testimony E: what was left of the Kilaniyya quarter",
        "witness_display": "named",
        "witness_name": "Sample Witness E (named)",
        "witness_relation": "eyewitness",
        "interview_date": "2024-09-12",
        "interviewer": "Sample interviewer",
        "language": "ar",
        "summary": (
            "A sample account by a man who went back to the Kilaniyya quarter after the assault and found it "
            "razed, and of the search for neighbours among the ruins."
        ),
        "content_note": "Describes the destruction of homes and the search for the dead.",
        "body": [
            ("p", SAMPLE_TESTIMONY_NOTICE),
            (
                "p",
                "<p>When we were at last able to go back, I could not find our street. The quarter where I was "
                "born was flattened. I knew where our house had been only from the corner of the old wall.</p>",
            ),
            ("quote", "I knew where our house had stood only from the corner of the old wall.", "Sample witness E"),
            (
                "p",
                "<p>We looked for our neighbours. Some families found their dead. Others found nothing, and they are "
                "waiting still. Two women from our lane, whom I had known all my life, were among the dead we "
                "found.</p>",
            ),
        ],
        "places": ["kilaniyya", "old-city"],
        "events": ["destruction"],
        "themes": ["destruction-of-the-old-city", "the-missing"],
        "sources": ["histories", "ilkha"],
        "people": [("02", "A neighbour (sample)"), ("10", "A neighbour (sample)")],
    },
]

FEATURED_TESTIMONIES = [
    "sample-witness-a-the-first-days",
    "sample-witness-b-held-in-a-stadium",
    "sample-witness-e-the-kilaniyya-quarter",
]
