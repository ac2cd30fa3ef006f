"""The scenarios' step library: plain-English sentences that build a case and check the answer.

- `words`: the vocabulary, as readable tables (tactic names, warnings, gaps, legal statuses …).
- `builder`: builds a case, as an officer's system would send it, from those sentences.
- `sentences`: the Given sentences (people, places, events, actions) and what each records.
- `outcomes`: the Then sentences (what the engine recommends, warns about, flags, asks for).
"""
