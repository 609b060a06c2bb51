"""The Swiss system (chess and Chinese chess: "thi đấu theo hệ Thụy Sĩ"), pure: no database.

- dutch.py: the next round's pairing by FIDE's Dutch system (the entry; players.py holds what
  it takes, criteria.py the rules as edge weights, brackets.py the steps, matching.py the
  weighted matching under them);
- colours.py: who plays white (Red) in a pairing, by the Dutch system's colour rules;
- tiebreaks.py: the standings, points then tie-breaks of FIDE's catalogue (C.07);
- trf.py: FIDE's tournament report file (TRF, the 2026 format and its TRF(x) ancestors read
  by every endorsed pairing program): ``parse`` and ``dump``, so a tournament can be checked
  by any of them (bbpPairings in the tests).
"""
