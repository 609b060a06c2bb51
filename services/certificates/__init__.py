"""Certificates (issue.py): the wording (``style_of``, ``save_style``), who gets which
(``wanted``: participation, awards per place, overall places 1–3), serials issued once and
kept (``sync``), following corrected results (``follow_places``), the plain data printables
draw (``certificate_data``); printing.py a print (``issue_for_print`` then ``print_data``, read
while the pages are drawn; ``prepare`` for a list); verify.py the public verification (``by_serial`` tolerant of case and dashes,
``verify_text``, ``paper_date``)."""
