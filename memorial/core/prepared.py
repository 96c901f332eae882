"""A query compiled to SQL once and run again with other values, as a prepared statement is.

Django compiles a queryset to SQL every time it is evaluated. For a query made of subqueries (a
page with the publication gate's rules, its translations and its relations) that costs
milliseconds of Python, where the database answers in a tenth of one; a query asked on every
request (routing a remembered address) then costs more to write than to run.

``Prepared(queryset, page=MARKER)`` compiles the queryset once, with a marker value (one no real
row can hold) in each place a value will change, and finds the marker among the query's
parameters. ``prepared.rows(page=12)`` runs that SQL with 12 in the marker's places and gives the rows as the
queryset would: built by Django as usual (related rows joined in, annotations, converters), only
the compilation skipped. Rows, not a queryset: a queryset refined further would need compiling
again, and one that kept the prepared SQL would silently ignore the refinement. A marker the
compiled query does not carry as a parameter (a value written into the SQL itself, or one out of
its field's range, which Django compiles away) is refused when preparing, never guessed at.

What decides the SQL besides the values (the date a rule compares with, rules registered by other
apps) belongs in the key under which the caller keeps its ``Prepared``.
"""

import copy

from django.core.exceptions import EmptyResultSet
from django.db import connections


class Prepared:
    def __init__(self, queryset, **markers):
        self.queryset = queryset._chain()
        self.compiler = self.queryset.query.get_compiler(using=self.queryset.db)
        try:
            self.sql, params = self.compiler.as_sql()
        except EmptyResultSet as error:  # a marker out of its field's range makes the query empty
            raise ValueError("The query compiles to no SQL: it can have no rows whatever its values.") from error
        self.params = tuple(params)
        self.positions = {}
        for name, marker in markers.items():
            found = [i for i, value in enumerate(self.params) if type(value) is type(marker) and value == marker]
            if not found:
                raise ValueError(f"The value of {name!r} is not a parameter of the compiled query.")
            self.positions[name] = found

    def rows(self, **values):
        """The rows of the query run with these values in the places of the markers (every one)."""
        if set(values) != set(self.positions):
            raise TypeError(f"Prepared query needs exactly {sorted(self.positions)}, not {sorted(values)}.")
        params = list(self.params)
        for name, value in values.items():
            for i in self.positions[name]:
                params[i] = value
        sql, params = self.sql, tuple(params)
        compiler = copy.copy(self.compiler)
        # The connection of the thread that runs the query, not of the one that prepared it.
        compiler.connection = connections[self.queryset.db]
        compiler.as_sql = lambda *args, **kwargs: (sql, params)
        queryset = self.queryset._chain()
        queryset.query.get_compiler = lambda *args, **kwargs: compiler
        return list(queryset)
