"""Operations: turning many scripts into videos unattended.

- `manifest`: the record of a batch (`OUTDIR/manifest.json`), rewritten atomically on every change.
- `jobs`: what to render: stories found in the inputs, each keyed by everything that decides its video.
- `lexicon_slice`: the lexicon rows and motion clips a story draws on (part of its key).
- `lock`: one batch writes an output folder at a time.
- `worker`: what runs inside a Dask worker process (one Studio, many stories).
- `batch`: plans the jobs, runs them on a Dask cluster (local or remote), keeps the manifest.
- `display`: the operator's live view of a batch (rich).
- `playlist`, `publish`, `schedule`: station screens (the display folder, its playlist, cron).
- `times`: ISO 8601 UTC times, written and read one way.
"""
