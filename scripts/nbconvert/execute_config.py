"""nbconvert configuration used by scripts/run-notebooks.ts (pass with --config).

tslab never sends `execute_input`, so nbclient leaves every `execution_count` empty, and it
reports a failing cell as status "error" with the JavaScript error on stderr (no ename, no
traceback). After an error it aborts the requests that arrive within 200 ms (status "abort").
This hook copies each execute_reply's status and count into the cell, and appends a JSON line
per executed cell to $STROKE_NB_PROGRESS so the runner can tell which cell failed or timed out
and what it printed, without reading nbconvert's Python traceback.
"""
import json
import os

STEP_ERROR_MIME = "application/vnd.stroke-pipeline.step-error+json"


class PipelineStepFailed(RuntimeError):
    """A guarded step (shared/notebook/step.ts) failed: stop here, like a raised error."""


def _record_cell(cell=None, cell_index=None, execute_reply=None, **_ignored):
    content = (execute_reply or {}).get("content", {})
    status = content.get("status", "unknown")
    count = content.get("execution_count")
    if isinstance(count, int):
        cell["execution_count"] = count
    cell.setdefault("metadata", {})["pipeline"] = {"status": status}
    progress = os.environ.get("STROKE_NB_PROGRESS")
    if progress:
        with open(progress, "a", encoding="utf-8") as out:
            out.write(json.dumps({
                "index": cell_index,
                "status": status,
                "execution_count": count,
                "source": cell.get("source", ""),
                "outputs": cell.get("outputs", []),
            }) + "\n")
    if status != "ok":
        raise PipelineStepFailed(f"cell {cell_index + 1}: the kernel answered {status!r}")
    for output in cell.get("outputs", []):
        marker = output.get("data", {}).get(STEP_ERROR_MIME)
        if marker and not marker.get("skipped"):
            raise PipelineStepFailed(f"cell {cell_index + 1}: step {marker.get('step')!r} failed")


c = get_config()  # noqa: F821 (provided by traitlets when it loads this file)
c.ExecutePreprocessor.on_cell_executed = _record_cell
c.ExecutePreprocessor.record_timing = True
