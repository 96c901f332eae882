"""Spreadsheets for the importer's tests, whole or damaged in the ways a file in the wild can be."""

import io
import re
import struct
import zipfile

SHEET = "xl/worksheets/sheet1.xml"


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


def _central_entry(data, member, change):
    """The workbook with ``change(bytes, offset)`` applied to ``member``'s entry in the archive's directory."""
    data = bytearray(data)
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        length = struct.unpack("<H", data[at + 28 : at + 30])[0]
        if data[at + 46 : at + 46 + length] == member.encode():
            change(data, at)
        at = data.find(b"PK\x01\x02", at + 4)
    return bytes(data)


def _sheet_entry(change):
    return lambda data: _central_entry(data, SHEET, change)


def _encrypted(data, at):
    data[at + 8] |= 1  # the "encrypted" flag


def _compressed_by_an_unknown_method(data, at):
    data[at + 10 : at + 12] = struct.pack("<H", 99)


def _half_its_length(data, at):
    size = struct.unpack("<I", data[at + 20 : at + 24])[0]
    data[at + 20 : at + 24] = struct.pack("<I", size // 2)


def _first_cell(xml):
    return lambda content: re.sub(rb'<c r="A2"[^>]*>.*?</c>', xml, content, count=1)


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
    "a sheet shorter than the archive says": _sheet_entry(_half_its_length),
    "an encrypted sheet": _sheet_entry(_encrypted),
    "a sheet compressed by an unknown method": _sheet_entry(_compressed_by_an_unknown_method),
    "a number that is not one": _with_member("sheet1.xml", _first_cell(b'<c r="A2" t="n"><v>abc</v></c>')),
    "a date that is not one": _with_member("sheet1.xml", _first_cell(b'<c r="A2" t="d"><v>notadate</v></c>')),
    "a sheet id that is not a number": _with_member(
        "workbook.xml", lambda xml: xml.replace(b'sheetId="1"', b'sheetId="x"')
    ),
}
