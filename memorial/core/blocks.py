"""Reusable content blocks, and one StreamBlock per page family.

Each StructBlock names its template; cross-field rules live in ``clean()`` so an
editor sees the mistake on the field, not a broken page.
"""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageBlock
from wagtail.snippets.blocks import SnippetChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("heading"), max_length=200)

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "blocks/heading_block.html"
        preview_value = {"text": "The siege of February 1982"}
        description = _("A section heading within the page.")


class CitationBlock(blocks.StructBlock):
    source = SnippetChooserBlock("core.Source", label=_("source"))
    locator = blocks.CharBlock(
        label=_("page or section"), required=False, max_length=100, help_text=_("e.g. 'p. 112' or 'para. 4'.")
    )
    note = blocks.CharBlock(label=_("note"), required=False, max_length=300)

    class Meta:
        icon = "doc-full"
        label = _("Citation")


class CitedParagraphBlock(blocks.StructBlock):
    """A paragraph with the sources for what it says, rendered as numbered footnotes."""

    text = blocks.RichTextBlock(label=_("text"), features=RICH_TEXT_FEATURES)
    citations = blocks.ListBlock(CitationBlock(), label=_("sources for this paragraph"), default=[])

    class Meta:
        icon = "pilcrow"
        label = _("Paragraph with sources")
        template = "blocks/cited_paragraph_block.html"
        preview_value = {"text": "<p>The city was cut off from the outside world.</p>", "citations": []}
        description = _("A paragraph whose claims are footnoted to sources.")


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("quotation"))
    attribution = blocks.CharBlock(label=_("said or written by"), required=False, max_length=200)
    source = SnippetChooserBlock("core.Source", label=_("source"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Quotation")
        template = "blocks/quote_block.html"
        preview_value = {"quote": "We did not know if anyone outside knew.", "attribution": "Sample witness A"}
        description = _("A quotation with who said it.")


class EstimateBlock(blocks.StructBlock):
    low = blocks.IntegerBlock(label=_("figure (or lower bound)"), min_value=0)
    high = blocks.IntegerBlock(label=_("upper bound"), required=False, min_value=0)
    qualifier = blocks.ChoiceBlock(
        label=_("qualifier"),
        choices=[("", _("none")), ("about", _("about")), ("at_least", _("at least")), ("up_to", _("up to"))],
        required=False,
    )
    given_by = blocks.CharBlock(label=_("given by"), max_length=200, help_text=_("Who gives this figure."))
    source = SnippetChooserBlock("core.Source", label=_("source"), required=False)
    note = blocks.CharBlock(label=_("note"), required=False, max_length=300)

    class Meta:
        icon = "order"
        label = _("Estimate")
        template = "blocks/estimate_block.html"

    def clean(self, value):
        cleaned = super().clean(value)
        if cleaned.get("high") is not None and cleaned["high"] < cleaned["low"]:
            raise StructBlockValidationError(
                block_errors={"high": ErrorList([ValidationError(_("The upper bound cannot be below the figure."))])}
            )
        return cleaned


class FiguresBlock(blocks.StructBlock):
    """A figure that sources disagree on, shown as every estimate with who gives it."""

    heading = blocks.CharBlock(label=_("what is counted"), max_length=200)
    explanation = blocks.TextBlock(label=_("explanation"), required=False)
    estimates = blocks.ListBlock(EstimateBlock(), label=_("estimates"), min_num=1)

    class Meta:
        icon = "table"
        label = _("Figures and estimates")
        template = "blocks/figures_block.html"
        preview_value = {
            "heading": "People killed",
            "explanation": "Estimates differ widely.",
            "estimates": [{"low": 40000, "high": None, "qualifier": "", "given_by": "A news agency"}],
        }
        description = _("A disputed figure: each estimate with who gives it.")


class GalleryBlock(blocks.StructBlock):
    images = blocks.ListBlock(ImageBlock(), label=_("images"), min_num=1)
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=300)

    class Meta:
        icon = "image"
        label = _("Gallery")
        template = "blocks/gallery_block.html"
        description = _("Several photographs or documents shown together.")


class ArticleStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = CitedParagraphBlock()
    figures = FiguresBlock()
    quote = QuoteBlock()
    image = ImageBlock(template="blocks/image_block.html", label=_("Image"))
    gallery = GalleryBlock()


class TestimonyStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES, template="blocks/paragraph_block.html", icon="pilcrow", label=_("Paragraph")
    )
    quote = QuoteBlock()
    image = ImageBlock(template="blocks/image_block.html", label=_("Image"))
    gallery = GalleryBlock()


class StandardStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = CitedParagraphBlock()
    quote = QuoteBlock()
    image = ImageBlock(template="blocks/image_block.html", label=_("Image"))


def footnoted(stream_value):
    """Pair each block with the footnote numbers of its citations, numbered through the page.

    Returns ``(items, footnotes)``: ``items`` are ``(block, numbers)`` in page order and
    ``footnotes`` is the ordered list of ``(number, citation)``.
    """
    items, footnotes, n = [], [], 0
    for child in stream_value:
        numbers = []
        if child.block_type == "paragraph" and isinstance(child.value, blocks.StructValue):
            for citation in child.value.get("citations") or []:
                n += 1
                numbers.append(n)
                footnotes.append((n, citation))
        items.append((child, numbers))
    return items, footnotes
