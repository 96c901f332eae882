"""The publication gate: the one place that decides what the public may see.

``gate`` answers "may the public see this, now?" for every kind of thing the site shows;
``lifecycle`` is the one ordered sequence that runs when that answer may change (publish,
unpublish, restriction, consent, withdrawal, merge, transcripts and redactions).
"""
