"""Visible text of a rendered page, with the language each piece is marked as."""

import re
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
HIDDEN = {"script", "style", "template", "noscript"}
# Attributes a visitor reads or hears.
SPOKEN_ATTRIBUTES = ("alt", "aria-label", "placeholder", "title")


class PageText(HTMLParser):
    """Collects (language, text, where) for text nodes and the attributes a visitor reads or hears.

    The language is that of the nearest element with a ``lang`` attribute, as a screen reader
    would take it.
    """

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.pieces = []
        self.html_attrs = {}

    @classmethod
    def of(cls, html):
        parser = cls()
        parser.feed(html)
        parser.close()
        return parser

    def language(self, attrs=None):
        if attrs and attrs.get("lang") is not None:
            return attrs["lang"]
        for _tag, lang in reversed(self.stack):
            if lang is not None:
                return lang
        return None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_attrs = attrs
        hidden = any(t in HIDDEN for t, _ in self.stack) or tag in HIDDEN
        if not hidden and tag != "meta":
            for name in SPOKEN_ATTRIBUTES:
                if attrs.get(name):
                    self.pieces.append((self.language(attrs), attrs[name].strip(), f"{tag}@{name}"))
            if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
                self.pieces.append((self.language(attrs), attrs["value"].strip(), "input@value"))
        if tag not in VOID:
            self.stack.append((tag, attrs.get("lang")))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if any(t in HIDDEN for t, _ in self.stack):
            return
        text = " ".join(data.split())
        if text:
            where = self.stack[-1][0] if self.stack else ""
            if where == "title" and any(t == "head" for t, _ in self.stack):
                where = "head title"
            self.pieces.append((self.language(), text, where))

    def texts_in(self, language):
        """Pieces in ``language``: marked so, or inheriting it from the page."""
        return [(text, where) for lang, text, where in self.pieces if (lang or "").split("-")[0] == language]


LATIN_WORDS = re.compile(r"[A-Za-z][A-Za-z'’-]*(?:[\s,.;:]+[A-Za-z][A-Za-z'’-]*){2,}")
ADDRESS = re.compile(r"^(?:https?://|mailto:|/)\S*$|^\S+@\S+$")


def latin_phrases(text):
    """Runs of three or more Latin-letter words: English prose, not a code word or a file format."""
    if ADDRESS.match(text):
        return []
    return LATIN_WORDS.findall(text)
