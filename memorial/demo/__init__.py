"""Demonstration content for a fresh install: `manage.py load_demo` (run by `make run`).

``content`` and ``content_ar`` hold the historical content, ``samples`` the invented sample
people and testimonies, ``images`` draws the pictures, and ``loader`` puts it all in the
database without ever creating a duplicate.
"""
