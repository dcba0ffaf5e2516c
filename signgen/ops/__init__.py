"""Operations: turning many scripts into videos unattended.

- `manifest`: the record of a batch (`OUTDIR/manifest.json`), rewritten atomically on every change.
- `jobs`: what to render: stories found in the inputs, each keyed by everything that decides its video.
- `lock`: one batch writes an output folder at a time.
- `worker`: what runs inside a Dask worker process (one Studio, many stories).
- `batch`: plans the jobs, runs them on a Dask cluster (local or remote), keeps the manifest.
- `display`: the operator's live view of a batch (rich).
"""
