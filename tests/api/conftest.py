"""The recorded testimony of the recordings tests, and their clean-up of files made by a test."""

import pytest

from tests.recordings.conftest import _remove_created_files, make_recorded_testimony  # noqa: F401 - fixtures


@pytest.fixture
def recorded(site_tree):
    return make_recorded_testimony(parent=site_tree.testimony_index)
