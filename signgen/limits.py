"""The bounds an unattended render box relies on, in one place (README "Reliability").

Each is a default: the command line can change the input and duration limits per run
(--max-bytes, --max-duration); the spelling limit is a property of fluent signing, not a setting.
"""

MAX_INPUT_BYTES = 1_000_000  # a .txt/.md script, or one story of a .json rundown (UTF-8 bytes)
MAX_DURATION_S = 30 * 60.0  # one story's video: a long news feature, not a whole bulletin

# Longest run of letters (or digits) spelled for one word. A real word or name fits (the longest
# words in news copy, "counterintelligence" or "telecommunications", have 18-19 letters); longer
# runs are pasted URLs, codes or garbage, which would otherwise spell on for minutes (1,000 letters
# take 274 s). They are cut, not refused, so one stray token does not stop a bulletin; the cut is
# reported as a warning in the render report.
MAX_SPELLED_LETTERS = 20
