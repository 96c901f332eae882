"""The cycle collector is held back during bulk work and resumes exactly as it was."""

import gc
import threading

import pytest

from memorial.core import collector


@pytest.fixture(autouse=True)
def collector_restored():
    was = gc.isenabled()
    yield
    (gc.enable if was else gc.disable)()


def test_held_back_inside_and_running_again_after():
    gc.enable()
    with collector.paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_resumes_after_an_error():
    gc.enable()
    with pytest.raises(ValueError), collector.paused():
        raise ValueError("the import failed")
    assert gc.isenabled()


def test_nested_pauses_resume_only_when_the_outermost_ends():
    gc.enable()
    with collector.paused():
        with collector.paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_switched_off_before_stays_off():
    gc.disable()
    with collector.paused():
        pass
    assert not gc.isenabled()


def test_overlapping_pauses_of_two_threads():
    """One thread's import ending does not restart the collector under another's."""
    gc.enable()
    inside, release = threading.Event(), threading.Event()
    seen = {}

    def other():
        with collector.paused():
            inside.set()
            release.wait(5)
            seen["during"] = gc.isenabled()

    thread = threading.Thread(target=other)
    with collector.paused():
        thread.start()
        inside.wait(5)
    seen["after first"] = gc.isenabled()
    release.set()
    thread.join(5)
    assert seen == {"after first": False, "during": False}
    assert gc.isenabled()


def test_cycles_made_meanwhile_are_collected_once_it_resumes():
    gc.enable()

    class Node:
        pass

    with collector.paused():
        node = Node()
        node.itself = node
        del node
    assert gc.collect() >= 1
