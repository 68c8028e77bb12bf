"""nbconvert configuration for HTML exports (scripts/run-notebooks.ts passes it with --config):

    jupyter nbconvert --config scripts/nbconvert/html_config.py --to html <notebook>.ipynb

A chart of shared/core/viz/plotly.ts stores its figure once, as application/vnd.plotly.v1+json. Its
text/html part holds a placeholder div, an empty <script type="application/json"
class="stroke-plotly-figure"> and the script that draws the figure from it. nbconvert's HTML shows
only the text/html part, so this preprocessor copies each figure into its empty holder: the page
then carries every figure once and draws offline.
"""
import json
import re

from nbconvert.preprocessors import Preprocessor

PLOTLY_MIME = "application/vnd.plotly.v1+json"
# Keep in step with FIGURE_HOLDER_CLASS and figureBundle in shared/core/viz/plotly.ts.
EMPTY_HOLDER = re.compile(r'(<script type="application/json" id="[^"]*" class="stroke-plotly-figure">)(</script>)')


def script_json(value):
    """JSON that cannot end the <script> element it sits in."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


class EmbedPlotlyFigures(Preprocessor):
    """Fills each chart's empty figure holder from the output's plotly JSON."""

    def preprocess_cell(self, cell, resources, index):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            figure = data.get(PLOTLY_MIME)
            html = data.get("text/html")
            if figure is None or html is None:
                continue
            if isinstance(html, list):
                html = "".join(html)
            data["text/html"] = EMPTY_HOLDER.sub(lambda m: m.group(1) + script_json(figure) + m.group(2), html, count=1)
        return cell, resources


c = get_config()  # noqa: F821 (provided by traitlets when it loads this file)
c.HTMLExporter.preprocessors = [EmbedPlotlyFigures]
