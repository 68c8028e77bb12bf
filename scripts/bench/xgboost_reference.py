"""Reference timings with python xgboost (nthread=2): train, score, shap, tuning.

    /usr/bin/python3 scripts/bench/xgboost_reference.py <config.json>

config.mode picks the task; the inputs are the same files (matrix, model bytes, parameter sets)
our side used. score and shap write their output so the orchestrator can compare numbers.
"""
import json

from bench_common import load_config, read_matrix, report, require, time_runs

THREADS = 2


def train(xgb, numpy, config):
    data, labels = read_matrix(numpy, config["data"])
    params = {"objective": "binary:logistic", "eta": 0.1, "max_depth": config["depth"],
              "tree_method": config["treeMethod"], "nthread": THREADS, "seed": 1}

    def work():
        matrix = xgb.DMatrix(data, label=labels, nthread=THREADS)
        xgb.train(params, matrix, num_boost_round=config["rounds"])

    report(time_runs(work, config["warmup"], config["runs"]), {"treeMethod": config["treeMethod"]})


def load_booster(xgb, config):
    booster = xgb.Booster(model_file=config["model"])
    booster.set_param({"nthread": THREADS})
    return booster


def score(xgb, numpy, config):
    data, _ = read_matrix(numpy, config["data"])
    booster = load_booster(xgb, config)
    result = {}

    def work():
        # inplace_predict skips building a DMatrix: the fastest path xgboost offers.
        result["out"] = booster.inplace_predict(data, missing=numpy.nan)

    samples = time_runs(work, config["warmup"], config["runs"])
    numpy.asarray(result["out"], dtype="<f8").tofile(config["output"])
    report(samples, {"outputs": int(result["out"].size)})


def shap(xgb, numpy, config):
    data, _ = read_matrix(numpy, config["data"])
    booster = load_booster(xgb, config)
    result = {}

    def work():
        matrix = xgb.DMatrix(data, missing=numpy.nan, nthread=THREADS)
        result["out"] = booster.predict(matrix, pred_contribs=True)

    samples = time_runs(work, config["warmup"], config["runs"])
    numpy.asarray(result["out"], dtype="<f8").tofile(config["output"])
    report(samples, {"outputs": int(result["out"].size)})


def tuning(xgb, numpy, config):
    data, labels = read_matrix(numpy, config["data"])
    split = config["trainRows"]
    with open(config["paramsFile"], encoding="utf-8") as handle:
        parameter_sets = json.load(handle)
    best = {}

    def work():
        train_matrix = xgb.DMatrix(data[:split], label=labels[:split], nthread=THREADS)
        validation = xgb.DMatrix(data[split:], label=labels[split:], nthread=THREADS)
        scores = []
        for params in parameter_sets:
            history = {}
            full = dict(params, nthread=THREADS, eval_metric="aucpr")
            xgb.train(full, train_matrix, num_boost_round=config["rounds"], evals=[(validation, "validation")],
                      evals_result=history, verbose_eval=False)
            scores.append(max(history["validation"]["aucpr"]))
        best["value"] = max(scores)

    samples = time_runs(work, config["warmup"], config["runs"])
    report(samples, {"trials": len(parameter_sets), "bestValidationAucPr": best["value"]})


def main():
    config = load_config()
    xgb, numpy = require("xgboost", "numpy")
    tasks = {"train": train, "score": score, "shap": shap, "tuning": tuning}
    if config.get("mode") not in tasks:
        raise SystemExit("config.mode must be one of %s, got %r" % (", ".join(sorted(tasks)), config.get("mode")))
    tasks[config["mode"]](xgb, numpy, config)


if __name__ == "__main__":
    main()
