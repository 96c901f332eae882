"""Spreadsheets for the importer's tests, whole or damaged in the ways a file in the wild can be."""

import io
import zipfile


def workbook(*rows):
    """An XLSX file of ``rows``."""
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rewritten(data, change):
    """The workbook ``data`` with each member passed through ``change(name, content)`` (None drops it)."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = change(item.filename, source.read(item.filename))
            if content is not None:
                target.writestr(item.filename, content)
    return out.getvalue()


def _garbled_stream(data):
    """The sheet's compressed bytes overwritten in the middle: the archive opens, the sheet does not inflate."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + 10
    return data[:start] + b"\0" * 40 + data[start + 40 :]


def _with_member(suffix, replace):
    return lambda data: rewritten(data, lambda name, content: replace(content) if name.endswith(suffix) else content)


DAMAGE = {
    "a compressed sheet that does not inflate": _garbled_stream,
    "a sheet that is not XML": _with_member("sheet1.xml", lambda content: b"<not xml"),
    "a sheet cut in half": _with_member("sheet1.xml", lambda content: content[: len(content) // 2]),
    "a workbook part that is not XML": _with_member("workbook.xml", lambda content: b"\xff\xfe"),
    "styles that are not XML": _with_member("styles.xml", lambda content: b"<<<"),
    "no sheet at all": _with_member("sheet1.xml", lambda content: None),
    "no content types": _with_member("[Content_Types].xml", lambda content: None),
    "the archive cut in half": lambda data: data[: len(data) // 2],
}
