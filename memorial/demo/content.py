"""The demo's historical content in English: sources, places, themes, events, articles and pages.

Every statement here rests on the archive's own two kinds of source: the ILKHA news report
held as the seed source, and the widely reported account found in published histories,
which the demo cites generically until editors add specific references. Claims that only
the ILKHA report makes are written as "reported by". Nothing here names a book, an author
or an organisation's figure that the archive does not hold.

Body specifications are small tuples the loader turns into StreamField data; sources are
named by the keys of ``SOURCES`` so this module never needs a database id:

- ``("h", text)``: a heading
- ``("p", html, [source keys])``: a paragraph with its footnoted sources
- ``("quote", text, attribution, source key or None)``
- ``("figures", heading, explanation, [estimate dicts])``
"""

from memorial.core.models import DatePrecision

DAY, MONTH, YEAR, APPROXIMATE = DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR, DatePrecision.APPROXIMATE

ILKHA, HISTORIES, UPRISING = "ilkha", "histories", "uprising"

# --- Sources ------------------------------------------------------------------------------

SOURCES = {
    ILKHA: {
        "title": (
            "The Baath regime committed a massive massacre in Hama, Syria, killing 40,000 people on February 2, 1982"
        ),
        "publisher": "ILKHA news agency",
        "kind": "news",
        "published": "around 2019 (undated; 37 years after)",
        "citation": (
            "ILKHA news agency. “The Baath regime committed a massive massacre in Hama, Syria, killing 40,000 "
            "people on February 2, 1982.” Anniversary news report, undated in the copy the archive holds; "
            "written about 37 years after the events, so around 2019."
        ),
        "reliability_note": (
            "A short anniversary report written about 37 years after the events, not an eyewitness or "
            "investigative account, and it does not say where its information comes from. It gives the dead as "
            "40,000, the top of the range found in other sources. Several claims are the report's own and this "
            "archive presents them as reported by ILKHA, not as established fact: that the army used chemical "
            "weapons, the rapes it describes, and the 800,000 people it says had to flee Syria. Its language is "
            "strongly condemnatory and it links the events of 1982 to the present-day conflict."
        ),
    },
    HISTORIES: {
        "title": "Published histories of the 1982 Hama assault (general reference)",
        "kind": "other",
        "citation": (
            "General reference to the account of the February 1982 assault on Hama that is widely reported in "
            "published histories of Syria. Placeholder entry: editors should replace it with specific citations "
            "(author, title, publisher, year and page) before this archive is opened to the public."
        ),
        "reliability_note": (
            "Stands for the widely reported account, not for one work: the assault lasting about four weeks "
            "through February 1982; the Defence Companies (Saraya al-Difa') under Rifaat al-Assad, with other "
            "army and special-forces units; the destruction of large parts of the old city, the Kilaniyya "
            "quarter above all; and estimates of the dead ranging from several thousand to about 40,000. The "
            "individual histories disagree with each other, above all on the death toll; each should be cited "
            "separately once added."
        ),
    },
    UPRISING: {
        "title": "Published accounts of the armed Islamist uprising in Syria, 1976–1982 (general reference)",
        "kind": "other",
        "citation": (
            "General reference to published histories of the armed Islamist uprising against the Ba'ath "
            "government in Syria, 1976–1982. Placeholder entry: editors should replace it with specific citations."
        ),
        "reliability_note": (
            "Used for the wider context only: that the assault on Hama came at the end of an armed uprising that "
            "published histories date from 1976 to 1982. Replace with specific works before publication."
        ),
    },
}

# --- Places -------------------------------------------------------------------------------

PLACES = [
    {
        "slug": "hama",
        "name": "Hama",
        "kind": "city",
        "other_names": "Hamah; Hamat; حماة",
        "latitude": "35.131800",
        "longitude": "36.757800",
        "description": (
            "A city in central Syria. Government forces surrounded it and began an assault on 2 February 1982 "
            "that, according to published histories, lasted about four weeks. The ILKHA report describes Hama as "
            "a stronghold of the Islamic opposition and says the city's electricity, water and telephone lines "
            "were cut during the siege."
        ),
        "sources": [ILKHA, HISTORIES],
    },
    {
        "slug": "old-city",
        "name": "Old city of Hama",
        "kind": "district",
        "other_names": "Hama old city; historic centre; المدينة القديمة",
        "description": (
            "The historic centre of Hama. Published histories report that large parts of it were destroyed "
            "during the assault of February 1982. The ILKHA report says the city was destroyed with heavy weapons."
        ),
        "sources": [HISTORIES, ILKHA],
    },
    {
        "slug": "kilaniyya",
        "name": "Kilaniyya quarter",
        "kind": "district",
        "other_names": "al-Kilaniyya; Kaylaniyya; Keilaniyeh; الكيلانية",
        "description": (
            "A quarter of Hama's old city. It is the district most often named in published histories as razed "
            "during the assault of February 1982."
        ),
        "sources": [HISTORIES],
    },
    {
        "slug": "military-camps",
        "name": "Military camps where survivors were held (as reported)",
        "kind": "camp",
        "description": (
            "The ILKHA report says that after the army entered the destroyed city it gathered the surviving "
            "residents in military camps, where they were left hungry and tortured. The report does not name the "
            "camps. This entry gathers the records and testimonies that mention them until each camp can be "
            "identified from testimonies and other sources."
        ),
        "sources": [ILKHA],
    },
    {
        "slug": "stadiums",
        "name": "Stadiums used for detention (as reported)",
        "kind": "camp",
        "description": (
            "According to the ILKHA report, survivors were also held in stadiums after the assault, and were "
            "starved and tortured there. The report names no stadium; this entry stands for them until they are "
            "identified."
        ),
        "sources": [ILKHA],
    },
    {
        "slug": "detention-across-syria",
        "name": "Places of detention across Syria (as reported)",
        "kind": "prison",
        "description": (
            "The ILKHA report says that people whose identity card named Hama as their place of registration "
            "were arrested wherever in Syria they lived. It does not say where they were held."
        ),
        "sources": [ILKHA],
    },
    {
        "slug": "exile",
        "name": "Outside Syria: places of exile",
        "kind": "other",
        "description": (
            "The ILKHA report says that 800,000 people from cities across Syria had to flee the country; it does "
            "not say over what period or how the figure was reached. Testimonies recorded in exile are linked here."
        ),
        "sources": [ILKHA],
    },
]

# --- Themes -------------------------------------------------------------------------------

THEMES = [
    {
        "slug": "siege",
        "name": "Siege",
        "description": "The encirclement and shelling of Hama from 2 February 1982, and life inside the city.",
    },
    {
        "slug": "detention",
        "name": "Detention",
        "description": "Arrest, detention in camps, stadiums and prisons, and what detainees endured.",
    },
    {
        "slug": "displacement-and-exile",
        "name": "Displacement and exile",
        "description": "Leaving Hama and leaving Syria, and lives rebuilt elsewhere.",
    },
    {
        "slug": "the-missing",
        "name": "The missing",
        "description": "People whose fate is still unknown, and the families searching for them.",
    },
    {
        "slug": "destruction-of-the-old-city",
        "name": "Destruction of the old city",
        "description": "The destruction of Hama's historic centre, the Kilaniyya quarter above all.",
    },
    {
        "slug": "communications-cut",
        "name": "Communications cut",
        "description": (
            "The cutting of electricity, water and telephone lines, and the city's isolation from the world."
        ),
    },
]

# --- Timeline events ----------------------------------------------------------------------
# Events within February 1982 carry the date 2 February with month precision (the site shows
# "February 1982") so that they sort after the first day of the assault, in sort_order.

EVENTS = [
    {
        "key": "referendum",
        "title": "Hama's boycott of the referendum on the President's religion (as reported)",
        "date": "1973-01-01",
        "date_precision": APPROXIMATE,
        "description": (
            "The ILKHA report links the government's fear of Hama to the refusal of its people, and of the "
            "Islamic opposition there, to take part in the referendum on the constitutional article stating that "
            "the President's religion is Islam. The report gives no date; the year shown is approximate and "
            "should be checked against published histories."
        ),
        "places": ["hama"],
        "sources": [ILKHA],
    },
    {
        "key": "uprising",
        "title": "Armed Islamist uprising in Syria begins",
        "date": "1976-01-01",
        "date_precision": YEAR,
        "description": (
            "Published histories date the armed Islamist uprising against the Ba'ath government from 1976. The "
            "assault on Hama in February 1982 came at its end."
        ),
        "places": [],
        "sources": [UPRISING],
    },
    {
        "key": "assault",
        "title": "Government forces begin the assault on Hama",
        "date": "1982-02-02",
        "date_precision": DAY,
        "description": (
            "On 2 February 1982 forces of the Ba'ath government began an assault on Hama. Published histories "
            "most often name the Defence Companies (Saraya al-Difa') under Rifaat al-Assad, brother of President "
            "Hafez al-Assad, with other army and special-forces units, and say the assault lasted about four weeks."
        ),
        "places": ["hama"],
        "sources": [ILKHA, HISTORIES],
    },
    {
        "key": "siege",
        "title": "The city is surrounded with heavy weapons and shelled",
        "date": "1982-02-02",
        "date_precision": MONTH,
        "sort_order": 1,
        "description": (
            "The ILKHA report says the army, under the command of Rifaat al-Assad, surrounded Hama with heavy "
            "weapons and shelled the city."
        ),
        "places": ["hama", "old-city"],
        "sources": [ILKHA],
    },
    {
        "key": "cut-off",
        "title": "Electricity, water and telephone lines cut",
        "date": "1982-02-02",
        "date_precision": MONTH,
        "sort_order": 2,
        "description": "According to the ILKHA report, the city's electricity, water and telephone lines were cut.",
        "places": ["hama"],
        "sources": [ILKHA],
    },
    {
        "key": "journalists",
        "title": "Journalists denied access",
        "date": "1982-02-02",
        "date_precision": MONTH,
        "sort_order": 3,
        "description": (
            "The ILKHA report says journalists were denied access to the area, so no reporter could describe "
            "what was happening in the city at the time."
        ),
        "places": ["hama"],
        "sources": [ILKHA],
    },
    {
        "key": "resistance",
        "title": "Calls to resist from the minarets",
        "date": "1982-02-02",
        "date_precision": MONTH,
        "sort_order": 4,
        "description": (
            "The ILKHA report says the Muslim Brotherhood called for armed resistance from the minarets of the "
            "city's mosques and tried to hold the city."
        ),
        "places": ["hama"],
        "sources": [ILKHA],
    },
    {
        "key": "bombing",
        "title": "Bombing from the air; use of chemical weapons reported",
        "date": "1982-02-02",
        "date_precision": MONTH,
        "sort_order": 5,
        "description": (
            "The ILKHA report says that the army, unable to enter the city, bombed it from the air, and that it "
            "used chemical weapons. The claim about chemical weapons is the report's own; the archive presents "
            "it as reported, not as established fact."
        ),
        "places": ["hama"],
        "sources": [ILKHA],
    },
    {
        "key": "destruction",
        "title": "Large parts of the old city destroyed",
        "date": "1982-02-02",
        "date_precision": MONTH,
        "sort_order": 6,
        "description": (
            "Published histories report that large parts of Hama's old city were destroyed; the Kilaniyya "
            "quarter is the district most often named as razed. The ILKHA report says Hama was destroyed with "
            "heavy weapons."
        ),
        "places": ["old-city", "kilaniyya"],
        "sources": [HISTORIES, ILKHA],
    },
    {
        "key": "camps",
        "title": "Survivors held in military camps and stadiums (as reported)",
        "date": "1982-02-02",
        "date_precision": YEAR,
        "sort_order": 10,
        "description": (
            "After the army entered the destroyed city, the ILKHA report says, it gathered the survivors in "
            "military camps and stadiums, where they were starved and tortured. The report also says that women "
            "were raped, that children died of hunger and fear, and that the wounded lived for days among the dead."
        ),
        "places": ["military-camps", "stadiums"],
        "sources": [ILKHA],
    },
    {
        "key": "arrests",
        "title": "Arrests of people registered in Hama, wherever they lived (as reported)",
        "date": "1982-02-02",
        "date_precision": YEAR,
        "sort_order": 11,
        "description": (
            "The ILKHA report says that people whose identity card named Hama as their place of registration "
            "were arrested wherever in Syria they lived."
        ),
        "places": ["detention-across-syria"],
        "sources": [ILKHA],
    },
    {
        "key": "uprising-end",
        "title": "The armed uprising ends",
        "date": "1982-02-02",
        "date_precision": YEAR,
        "sort_order": 12,
        "description": (
            "Published histories treat the assault on Hama as the end of the armed Islamist uprising of "
            "1976–1982. Many people from Hama remain missing."
        ),
        "places": ["hama"],
        "sources": [UPRISING, HISTORIES],
    },
    {
        "key": "exile",
        "title": "Flight from Syria (as reported)",
        "date": "1982-02-02",
        "date_precision": APPROXIMATE,
        "sort_order": 13,
        "description": (
            "The ILKHA report says that 800,000 people from cities across Syria had to flee the country. It "
            "does not say over what period, or how the figure was counted."
        ),
        "places": ["exile"],
        "sources": [ILKHA],
    },
    {
        "key": "ilkha-report",
        "title": "ILKHA publishes an anniversary report on the massacre",
        "date": "2019-01-01",
        "date_precision": APPROXIMATE,
        "description": (
            "About 37 years after the events, the ILKHA news agency published the report this archive holds as "
            "its seed source. It gives the dead as 40,000 and says the massacre is not forgotten."
        ),
        "places": [],
        "sources": [ILKHA],
    },
]

# --- The death toll, shown as every estimate with who gives it ------------------------------

DEATH_TOLL = (
    "figures",
    "People killed in Hama, February 1982",
    (
        "There is no agreed count. Published histories give estimates from several thousand to about 40,000; the "
        "ILKHA report gives 40,000. Many people remain missing. This archive shows each figure with who gives it "
        "and does not choose one."
    ),
    [
        {
            "low": 40000,
            "qualifier": "",
            "given_by": "ILKHA news agency (anniversary report, around 2019)",
            "source": ILKHA,
            "note": "Given as a single figure; the report does not say how it was reached.",
        },
        {
            "low": 40000,
            "qualifier": "up_to",
            "given_by": "Published histories (estimates range from several thousand to about 40,000)",
            "source": HISTORIES,
            "note": (
                "The lowest published estimates are given as 'several thousand', the highest as about 40,000. "
                "Editors: list each history's own figure here once its citation is added."
            ),
        },
    ],
)

# --- Articles -----------------------------------------------------------------------------

ARTICLES = [
    {
        "slug": "hama-february-1982",
        "title": "Hama, February 1982",
        "introduction": (
            "On 2 February 1982 government forces began an assault on the Syrian city of Hama that lasted about "
            "four weeks. This article sets out what the sources say happened, and where they disagree."
        ),
        "content_note": "Describes killing, torture, sexual violence and the deaths of children.",
        "places": ["hama", "old-city", "kilaniyya", "military-camps", "stadiums", "detention-across-syria"],
        "events": ["assault", "siege", "cut-off", "journalists", "resistance", "bombing", "destruction", "camps"],
        "sources": [ILKHA, HISTORIES, UPRISING],
        "body": [
            ("h", "The assault"),
            (
                "p",
                "<p>On 2 February 1982 the forces of Syria's Ba'ath government began an assault on the city of "
                "Hama. Published histories say it lasted about four weeks, through February, and that it came at "
                "the end of the armed Islamist uprising of 1976–1982.</p>",
                [ILKHA, HISTORIES, UPRISING],
            ),
            (
                "p",
                "<p>The forces most often named are the Defence Companies (<i>Saraya al-Difa'</i>) commanded by "
                "Rifaat al-Assad, brother of President Hafez al-Assad, together with other army and special-forces "
                "units. The ILKHA report describes the army under Rifaat al-Assad's command surrounding the city "
                "with heavy weapons and shelling it.</p>",
                [HISTORIES, ILKHA],
            ),
            ("h", "A city cut off"),
            (
                "p",
                "<p>According to the ILKHA report, the city's electricity, water and telephone lines were cut, and "
                "journalists were denied access to the area. With no reporters inside, most of what is known about "
                "the assault comes from accounts given afterwards, which is one reason this archive records the "
                "testimonies of those who lived through it.</p>",
                [ILKHA],
            ),
            ("quote", "Journalists have been denied access to the area.", "ILKHA news agency report", ILKHA),
            (
                "p",
                "<p>The same report says that the Muslim Brotherhood called for armed resistance from the minarets "
                "of the city's mosques and tried to hold the city. It describes Hama as a stronghold of the "
                "Islamic opposition.</p>",
                [ILKHA],
            ),
            (
                "p",
                "<p>ILKHA reports that the army, unable to enter the city, bombed it from the air and used chemical "
                "weapons. The use of chemical weapons is the report's own claim: the archive presents it as "
                "reported by ILKHA, not as established fact, until it can be set against other sources.</p>",
                [ILKHA],
            ),
            (
                "p",
                "<p>Large parts of Hama's old city were destroyed. The Kilaniyya quarter is the district most often "
                "named as razed.</p>",
                [HISTORIES],
            ),
            ("h", "After the assault"),
            (
                "p",
                "<p>The ILKHA report says that when the army entered the destroyed city it gathered the survivors "
                "in military camps and stadiums, where they were left hungry and tortured. It reports that women "
                "were raped, that children died of hunger and fear, and that the wounded lived for days among the "
                "dead.</p>",
                [ILKHA],
            ),
            (
                "p",
                "<p>The report also says that people whose identity card named Hama as their place of registration "
                "were arrested wherever in Syria they lived, and that 800,000 people from cities across Syria had "
                "to flee the country. It does not say over what period, or how that figure was reached.</p>",
                [ILKHA],
            ),
            ("h", "How many died"),
            DEATH_TOLL,
            (
                "p",
                "<p>Why the estimates differ so widely is the subject of a separate article, "
                "“Counting the dead: why the figures differ”.</p>",
                [],
            ),
            ("h", "Why Hama"),
            (
                "p",
                "<p>The ILKHA report links the government's fear of Hama to the refusal of its people to take part "
                "in the referendum on the constitutional article stating that the President's religion is Islam, "
                "and says persecution of the city's people began long before the massacre. These are the report's "
                "own explanations.</p>",
                [ILKHA],
            ),
        ],
    },
    {
        "slug": "counting-the-dead",
        "title": "Counting the dead: why the figures differ",
        "introduction": (
            "Estimates of the number of people killed in Hama in February 1982 run from several thousand to about "
            "40,000. This article shows each figure with who gives it, and explains why the archive does not "
            "choose one."
        ),
        "content_note": "Discusses the number of people killed.",
        "places": ["hama"],
        "events": ["assault", "cut-off", "journalists", "camps", "arrests"],
        "sources": [ILKHA, HISTORIES],
        "body": [
            (
                "p",
                "<p>No count of the dead of Hama has been agreed. Published histories give estimates from several "
                "thousand to about 40,000, and many people remain missing. The ILKHA report, written about 37 "
                "years after the events, gives 40,000.</p>",
                [HISTORIES, ILKHA],
            ),
            DEATH_TOLL,
            ("h", "Why the figures differ"),
            (
                "p",
                "<p>Several things make the count hard. The city was cut off: electricity, water and telephone "
                "lines were cut and journalists were kept out, so nobody outside could record the dead as they "
                "fell.</p>",
                [ILKHA],
            ),
            (
                "p",
                "<p>After the assault, survivors were held in camps and stadiums and people registered in Hama "
                "were arrested across Syria, according to the ILKHA report. Many people remain missing, and a "
                "person whose fate is unknown appears in no count of the dead.</p>",
                [ILKHA, HISTORIES],
            ),
            (
                "p",
                "<p>Some accounts were written decades later and do not say how their figures were reached. The "
                "ILKHA report is one: it gives a single figure without its method.</p>",
                [ILKHA],
            ),
            ("h", "How this archive handles the numbers"),
            (
                "p",
                "<p>Wherever a figure appears on this site, it is shown with who gives it and a link to the source. "
                "The names memorial does not estimate: it records one person at a time, from families, lists and "
                "testimonies, so that each of the dead and the missing is remembered by name.</p>",
                [],
            ),
        ],
    },
]

# --- Section index pages ------------------------------------------------------------------

INDEX_PAGES = {
    "testimonies": {
        "title": "Testimonies",
        "introduction": (
            "Accounts of February 1982 and what followed, in the words of survivors, relatives, former detainees "
            "and exiles. Each is published only as its witness agreed: by name, under a pseudonym, or anonymously."
        ),
    },
    "names": {
        "title": "Names memorial",
        "introduction": (
            "One record for each person killed or missing, with what is known of them and where it comes from. "
            "Search in Arabic or Latin letters, in any common spelling."
        ),
    },
    "history": {
        "title": "History",
        "introduction": (
            "What happened in Hama in February 1982, told from the sources, with every claim and figure "
            "footnoted and every disagreement shown."
        ),
    },
    "timeline": {
        "title": "Timeline",
        "introduction": (
            "The events in order, each with its sources. Dates are shown only as precisely as they are known: "
            "to the day, the month, the year, or approximately."
        ),
    },
    "places": {
        "title": "Places",
        "introduction": (
            "The city, its quarters, and the camps, stadiums and prisons where people were held, each with the "
            "testimonies, events and people linked to it."
        ),
    },
}

# --- Standard pages -----------------------------------------------------------------------

CONTRIBUTE_EMAIL = "contribute@example.org"

ABOUT_PAGE = {
    "slug": "about",
    "title": "About this archive",
    "introduction": (
        "A memorial and oral-history archive for the people of Hama killed, detained and displaced in February "
        "1982: their names, the testimonies of those who survived, and the sources for what happened."
    ),
    "sources": [ILKHA, HISTORIES],
    "body": [
        ("h", "What the archive is for"),
        (
            "p",
            "<p>In February 1982 government forces besieged and assaulted Hama. Estimates of the dead range from "
            "several thousand to about 40,000, and many people remain missing. This archive exists so that each "
            "person is remembered by name, so that survivors and relatives can tell what happened in their own "
            "words, and so that anyone can check what is said against its sources.</p>",
            [HISTORIES, ILKHA],
        ),
        ("h", "How we work"),
        (
            "p",
            "<p>Every claim and figure on the history pages is footnoted to a source. Where sources disagree, above "
            "all on the number of people killed, we show each figure with who gives it rather than choosing one. "
            "Claims that only one source makes are marked as reported by that source.</p>",
            [],
        ),
        (
            "p",
            "<p>Nothing is published without review. Each testimony and each name is checked for consent and for "
            "details that could put someone at risk before it appears on the site.</p>",
            [],
        ),
        ("h", "Sample records on this site"),
        (
            "p",
            "<p>This installation shows sample content so that the design can be seen and tested. Every person and "
            "every witness marked <b>Sample</b> is invented: their names, portraits and accounts are not those of "
            "real people. The history pages, timeline and places are written from the sources cited on them.</p>",
            [],
        ),
        ("h", "Sources"),
        (
            "p",
            "<p>The archive's first source is a news report by the ILKHA agency, written about 37 years after the "
            "events. The wider account is drawn from published histories, which are cited here as a general "
            "reference until specific works are added.</p>",
            [ILKHA, HISTORIES],
        ),
    ],
}

CONTRIBUTE_PAGE = {
    "slug": "contribute",
    "title": "Contribute",
    "introduction": (
        "If you survived, lost someone, or saw what happened in Hama in 1982, you can share a testimony or "
        "remember a person by name. You decide how it is published."
    ),
    "sources": [],
    "body": [
        ("h", "Share a testimony"),
        (
            "p",
            "<p>You can tell what you lived through or witnessed in writing, or as an audio or video recording, in "
            "Arabic, English or another language, and add photographs or documents if you wish. If you would "
            "rather be interviewed, say so and a member of the archive will arrange it with you.</p>",
            [],
        ),
        ("h", "Remember a person"),
        (
            "p",
            "<p>Give the name of someone who was killed or is missing, in Arabic or Latin letters or both, with any "
            "other spellings, and what you know: dates, age, place, what happened to them. A photograph and a few "
            "words about their life are welcome, but only with the family's agreement.</p>",
            [],
        ),
        ("h", "How you are protected"),
        (
            "p",
            "<p>You choose how your contribution may be published:</p>"
            "<ul>"
            "<li><b>public</b>: shown with your name;</li>"
            "<li><b>anonymised</b>: shown under a pseudonym, with names and faces withheld;</li>"
            "<li><b>archive only</b>: kept in the archive and never shown to the public;</li>"
            "<li><b>embargoed</b>: kept private until a date you choose.</li>"
            "</ul>"
            "<p>Nothing is published until it has been reviewed for consent and safety. Your contact details are "
            "never shown on the site. Location data and other hidden information are removed from the copies of "
            "files that are published. You can withdraw your consent at any time, and the contribution is then "
            "taken off every public page at once.</p>",
            [],
        ),
        ("h", "How to reach us for now"),
        (
            "p",
            "<p>The online forms for sharing a testimony or remembering a person are not open yet. Until they are, "
            f'write to the archive at <a href="mailto:{CONTRIBUTE_EMAIL}">{CONTRIBUTE_EMAIL}</a>. This is an '
            "example address for the demonstration site: a real installation shows its own address here.</p>",
            [],
        ),
    ],
}

# --- The home page ------------------------------------------------------------------------

HOME = {
    "statement": (
        "<p>In February 1982 government forces besieged and assaulted the Syrian city of Hama. Thousands of its "
        "people were killed (how many is still disputed) and many remain missing. This archive keeps their names "
        "and the testimonies of those who survived, with the sources for everything it states.</p>"
    ),
    "hero_image_alt": "An abstract pattern of faint stars and arcs over a dusk gradient, from deep blue to sand.",
    "timeline_heading": "What happened in February 1982",
    "timeline_text": (
        "From the assault that began on 2 February 1982 to the detentions and exile that followed: the events in "
        "order, each with its sources."
    ),
    "contribute_heading": "Share what you remember",
    "contribute_text": (
        "If you survived, lost someone or witnessed what happened in Hama, you can share a testimony or remember "
        "a person by name. You choose how it is published (by name, under a pseudonym, or kept in the archive "
        "only) and nothing appears before it has been reviewed."
    ),
}
