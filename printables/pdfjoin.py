"""Join reportlab PDFs into one, streaming: memory stays that of one part, whatever the total.

reportlab keeps a whole document in memory until ``save()``; a 10,000-badge print made in
one canvas grows to hundreds of MB. So large prints are drawn in parts of a few hundred
pages and joined here: each part's objects are renumbered and written out at once, and its
pages hung under one page tree written at the end. Only the objects' offsets are kept.

It reads the plain layout reportlab writes (one xref table, a trailer with /Root and
/Info, a flat /Pages node); stream data is copied byte for byte, never searched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

_REF = re.compile(rb"(\d+) 0 R")
_OBJ = re.compile(rb"(\d+) 0 obj")
_STREAM = re.compile(rb">>\s*stream\r?\n")
_XREF_ROW = re.compile(rb"(\d{10}) (\d{5}) ([nf])")
CATALOG, PAGES = 1, 2


class PdfJoiner:
    def __init__(self, write):
        self._write_out = write
        self.position = 0
        self.offsets: dict[int, int] = {}
        self.next_number = 3  # 1 and 2 are the catalogue and the page tree, written last
        self.kids: list[int] = []
        self._write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")

    def _write(self, data: bytes) -> None:
        self._write_out(data)
        self.position += len(data)

    def add(self, pdf: bytes) -> None:
        """Append every page of one reportlab PDF."""
        xref_at = int(re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", pdf).group(1))
        trailer = pdf[pdf.index(b"trailer", xref_at) :]
        root = int(re.search(rb"/Root (\d+) 0 R", trailer).group(1))
        info = re.search(rb"/Info (\d+) 0 R", trailer)
        starts = self._object_offsets(pdf, xref_at)
        bodies = {num: pdf[start:end] for num, start, end in _spans(starts, xref_at)}
        pages = int(re.search(rb"/Pages (\d+) 0 R", bodies[root]).group(1))
        kids_text = re.search(rb"/Kids \[([^\]]*)\]", bodies[pages]).group(1)
        skip = {root, pages} | ({int(info.group(1))} if info else set())
        numbers = {}
        for num in sorted(bodies):
            if num not in skip:
                numbers[num] = self.next_number
                self.next_number += 1
        for num, body in bodies.items():
            if num not in skip:
                self._copy(numbers[num], body, numbers, pages)
        self.kids += [numbers[int(n)] for n in _REF.findall(kids_text)]

    @staticmethod
    def _object_offsets(pdf: bytes, xref_at: int) -> dict[int, int]:
        header = re.match(rb"xref\s+(\d+) (\d+)\s+", pdf[xref_at:])
        first = int(header.group(1))
        rows = _XREF_ROW.findall(pdf, xref_at + header.end())[: int(header.group(2))]
        return {first + i: int(off) for i, (off, _gen, kind) in enumerate(rows) if kind == b"n"}

    def _copy(self, new_number: int, body: bytes, numbers: dict[int, int], old_pages: int) -> None:
        head = _OBJ.match(body)
        body = body[head.end() :]
        stream = _STREAM.search(body)
        cut = stream.start() if stream else len(body)
        dictionary, rest = body[:cut], body[cut:]

        def renumber(match: re.Match) -> bytes:
            old = int(match.group(1))
            return b"%d 0 R" % (PAGES if old == old_pages else numbers[old])

        self.offsets[new_number] = self.position
        self._write(b"%d 0 obj" % new_number + _REF.sub(renumber, dictionary) + rest)

    def close(self) -> None:
        """Write the page tree, the catalogue, the cross-reference table and the trailer."""
        kids = b" ".join(b"%d 0 R" % k for k in self.kids)
        self.offsets[PAGES] = self.position
        self._write(b"%d 0 obj\n<< /Type /Pages /Count %d /Kids [ %s ] >>\nendobj\n" % (PAGES, len(self.kids), kids))
        self.offsets[CATALOG] = self.position
        self._write(b"%d 0 obj\n<< /Type /Catalog /Pages %d 0 R >>\nendobj\n" % (CATALOG, PAGES))
        xref_at = self.position
        rows = [b"0000000000 65535 f \n"] + [b"%010d 00000 n \n" % self.offsets[n] for n in range(1, self.next_number)]
        self._write(b"xref\n0 %d\n" % self.next_number + b"".join(rows))
        self._write(
            b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (self.next_number, CATALOG, xref_at)
        )


def _spans(starts: dict[int, int], end_of_objects: int):
    ordered = sorted(starts.items(), key=lambda item: item[1])
    for i, (num, start) in enumerate(ordered):
        end = ordered[i + 1][1] if i + 1 < len(ordered) else end_of_objects
        yield num, start, end


def join_stream(parts: Iterable[bytes]) -> Iterator[bytes]:
    """The joined PDF, yielded piece by piece as each part is drawn (for a streamed download)."""
    pending: list[bytes] = []
    joiner = PdfJoiner(pending.append)
    yield b"".join(pending)  # the header at once: the download starts before the first page is drawn
    pending.clear()
    for part in parts:
        joiner.add(part)
        yield b"".join(pending)
        pending.clear()
    joiner.close()
    yield b"".join(pending)
