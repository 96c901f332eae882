"""The content blocks' own rules: estimates and footnote numbering."""

import pytest
from wagtail.blocks.struct_block import StructBlockValidationError

from memorial.core.blocks import EstimateBlock, FiguresBlock, footnoted
from tests import factories


def estimate(**values):
    block = EstimateBlock()
    return block, block.to_python({"low": 100, "high": None, "qualifier": "", "given_by": "A source", **values})


def test_estimate_with_upper_bound_below_the_figure_is_refused():
    block, value = estimate(low=500, high=100)
    with pytest.raises(StructBlockValidationError) as excinfo:
        block.clean(value)
    assert "high" in excinfo.value.block_errors


@pytest.mark.parametrize("high", [None, 100, 4000])
def test_estimate_with_no_or_a_higher_upper_bound_is_accepted(high):
    block, value = estimate(low=100, high=high)
    assert block.clean(value)["high"] == high


def test_estimate_refuses_negative_figures():
    block, value = estimate(low=-1)
    with pytest.raises(StructBlockValidationError):
        block.clean(value)


def test_figures_block_needs_at_least_one_estimate():
    block = FiguresBlock()
    value = block.to_python({"heading": "People killed", "explanation": "", "estimates": []})
    with pytest.raises(StructBlockValidationError):
        block.clean(value)


@pytest.mark.django_db
def test_footnotes_are_numbered_through_the_page():
    body = factories.article_body(
        **{"3__paragraph__citations__0__locator": "p. 99", "3__paragraph__text__value": "<p>Later.</p>"}
    )
    items, footnotes = footnoted(body)
    assert [numbers for _, numbers in items] == [[], [1, 2], [], [3]]
    assert [n for n, _ in footnotes] == [1, 2, 3]
    assert footnotes[2][1]["locator"] == "p. 99"


def test_footnoted_empty_stream():
    assert footnoted([]) == ([], [])
