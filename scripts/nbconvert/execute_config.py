"""nbconvert configuration used by scripts/run-notebooks.ts (pass with --config).

tslab never sends `execute_input`, so nbclient leaves every `execution_count` empty, and it
reports a failing cell as status "error" with the JavaScript error on stderr (no ename, no
traceback). After an error it aborts the requests that arrive within 200 ms (status "abort").
This hook copies each execute_reply's status and count into the cell, and appends a JSON line
per executed cell to $STROKE_NB_PROGRESS so the runner can tell which cell failed or timed out
and what it printed, without reading nbconvert's Python traceback.

The progress lines are events: index, status and count. Outputs go in only when the run fails
(nbconvert then writes no notebook): the failing cell's line carries its outputs, and one last
line {"outputs": {index: outputs}} holds what every executed cell printed, so the runner can
rebuild the executed notebook. A run that succeeds stores its outputs once, in the notebook.
"""
import json
import os

STEP_ERROR_MIME = "application/vnd.stroke-pipeline.step-error+json"


class PipelineStepFailed(RuntimeError):
    """A guarded step (shared/core/notebook/step.ts) failed: stop here, like a raised error."""


# The cells this run executed (references, not copies), for the outputs line of a failed run.
_executed = []


def _step_failure(cell):
    for output in cell.get("outputs", []):
        marker = output.get("data", {}).get(STEP_ERROR_MIME)
        if marker and not marker.get("skipped"):
            return marker
    return None


def _record_cell(cell=None, cell_index=None, execute_reply=None, **_ignored):
    content = (execute_reply or {}).get("content", {})
    status = content.get("status", "unknown")
    count = content.get("execution_count")
    if isinstance(count, int):
        cell["execution_count"] = count
    cell.setdefault("metadata", {})["pipeline"] = {"status": status}
    _executed.append((cell_index, cell))
    marker = _step_failure(cell)
    failed = status != "ok" or marker is not None
    progress = os.environ.get("STROKE_NB_PROGRESS")
    if progress:
        event = {"index": cell_index, "status": status, "execution_count": count}
        if failed:
            event["outputs"] = cell.get("outputs", [])
        with open(progress, "a", encoding="utf-8") as out:
            out.write(json.dumps(event) + "\n")
            if failed:
                out.write(json.dumps({"outputs": {str(i): c.get("outputs", []) for i, c in _executed}}) + "\n")
    if status != "ok":
        raise PipelineStepFailed(f"cell {cell_index + 1}: the kernel answered {status!r}")
    if marker:
        raise PipelineStepFailed(f"cell {cell_index + 1}: step {marker.get('step')!r} failed")


c = get_config()  # noqa: F821 (provided by traitlets when it loads this file)
c.ExecutePreprocessor.on_cell_executed = _record_cell
c.ExecutePreprocessor.record_timing = True
