"""The papers the federation signs after the last match, from the one tally of results
(services/results/tally.py), so that they agree with the medal table and the certificates:

- awards.py: every award of an event with its prize money (``event_awards``), and the prize
  amounts set per competition and place or for a whole event (``save_prizes``);
- money.py: amounts in figures and in words, as Vietnamese financial papers write them;
- payout.py: the payout lists (danh sách nhận thưởng) per unit and for the event.
"""
