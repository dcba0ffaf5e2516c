"""Fault injection for the batch tests, loaded into every Dask worker process as a preload
(``DASK_DISTRIBUTED__WORKER__PRELOAD``). The batch under test is real; only the fate of stories
named for it is decided here, inside the worker, the way a real fault would strike once the story
is rendering:

- a slug containing ``crash-me`` kills its worker process with SIGKILL (as the kernel's
  out-of-memory killer or a crash in the GL driver would);
- a slug containing ``hang-me`` stops making progress (as a hung driver call would).

The renderer is patched from inside the first task, not at preload time: importing it in the
worker's main thread instead of its task thread left the GL context unusable.
"""

import os
import signal
import time

import signgen.ops.worker as worker

def _patch_studio() -> None:
    import signgen.pipeline as pipeline

    if getattr(pipeline.Studio.render, "with_faults", False):
        return
    render = pipeline.Studio.render

    def render_with_faults(self, story, output, options=pipeline.RenderOptions(), progress=None):
        if "crash-me" in story.slug:
            os.kill(os.getpid(), signal.SIGKILL)
        if "hang-me" in story.slug:
            time.sleep(3600)
        return render(self, story, output, options, progress)

    render_with_faults.with_faults = True
    pipeline.Studio.render = render_with_faults


def _with_faults(render_job):
    def render_job_with_faults(job):
        _patch_studio()
        return render_job(job)

    render_job_with_faults.with_faults = True
    return render_job_with_faults


# Dask may execute a preload file twice: patch once.
if not getattr(worker.render_job, "with_faults", False):
    worker.render_job = _with_faults(worker.render_job)
