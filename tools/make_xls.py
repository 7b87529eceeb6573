#!/usr/bin/python3
"""make_xls.py - writes the Excel 97-2003 (.xls) workbooks the tests read
(tests/data/workbooks/register.xls, register-1904.xls) with Debian's
python3-xlwt, the same register as make_workbooks.c writes as .xlsx and
.ods: a title row, archival headers, date cells, numbers, text, a second
sheet of transfers and a sheet of notes.

Usage: /usr/bin/python3 tools/make_xls.py DIR   (make workbooks)
"""
import datetime
import sys

import xlwt

HEADERS = ["SURNAME", "Christian names", "Army No.", "Date of birth", "Camp",
           "Date of capture", "Remarks"]


def register(path, date1904):
    book = xlwt.Workbook(encoding="utf-8")
    book.dates_1904 = date1904
    day = xlwt.easyxf(num_format_str="dd/mm/yyyy")
    sheet = book.add_sheet("Register 1945")
    sheet.write_merge(0, 0, 0, 6, "Stalag IV-B register, copied 1946")
    for col, text in enumerate(HEADERS):
        sheet.write(1, col, text)
    rows = [
        ["Kelly", "Frank", 5491234, datetime.date(1915, 3, 1), "Stalag IV-B",
         datetime.date(1944, 9, 20), "liberated 23.4.45"],
        ["Walker", "Harold", 7712345, datetime.date(1919, 11, 2), None,
         "18 Sept. 1944", True],
        ["M\u00fcller", "Hans", 1945.5, "3.4.99", None, None, None],
        None,
        ["Evans", "Thomas", "T-100", None, "Oflag 64", None, None],
    ]
    for r, row in enumerate(rows, start=2):
        for col, value in enumerate(row or []):
            if value is None:
                continue
            if isinstance(value, datetime.date):
                sheet.write(r, col, value, day)
            else:
                sheet.write(r, col, value)
    transfers = book.add_sheet("Transfers")
    for col, text in enumerate(["Surname", "Given names", "Transfer camp", "Transfer date"]):
        transfers.write(0, col, text)
    transfers.write(1, 0, "Goodall")
    transfers.write(1, 1, "Ted")
    transfers.write(1, 2, "Stalag III-A")
    transfers.write(1, 3, datetime.date(1945, 3, 2), day)
    notes = book.add_sheet("Notes")
    notes.write(0, 0, "Copied from the card index by a volunteer.")
    book.save(path)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "tests/data/workbooks"
    register(out + "/register.xls", False)
    register(out + "/register-1904.xls", True)


if __name__ == "__main__":
    main()
