"""Reference ETL with pandas + scikit-learn, as the original Python pipeline would do it:

    /usr/bin/python3 scripts/bench/etl_reference.py <config.json>

read_csv (PII columns not loaded) -> typed columns -> the same validation rules as
shared/pipeline/etl/validate.ts (ranges, 0/1 flags, Yes/No, known categories, real calendar dates;
invalid rows are set aside with their reason) -> IterativeImputer (defaults) on gender code,
age, glucose, bmi -> bmi rounded to 2 decimals + bmi_imputed flag. There is no Parquet engine
(pyarrow) here, so the reference stops before writing.
"""
from bench_common import load_config, report, require, time_runs

COLUMNS = {
    "Admission Date": "admission_date", "Gender": "gender", "Age": "age", "Hypertension": "hypertension",
    "Heart Disease": "heart_disease", "Ever Married": "ever_married", "Work Type": "work_type",
    "Residence Type": "residence_type", "Avg Glucose Level": "avg_glucose_level", "BMI": "bmi",
    "Smoking Status": "smoking_status", "Stroke": "stroke",
}
CATEGORIES = {
    "gender": ["Male", "Female", "Other"],
    "work_type": ["Private", "Self-employed", "children", "Govt_job", "Never_worked"],
    "residence_type": ["Urban", "Rural"],
    "smoking_status": ["never smoked", "Unknown", "formerly smoked", "smokes"],
}
RANGES = {"age": (0, 120), "avg_glucose_level": (40, 500), "bmi": (10, 100)}
GENDER_CODES = {"Female": 0, "Male": 1, "Other": 2}


def etl(pd, numpy, IterativeImputer, path):
    raw = pd.read_csv(path, usecols=list(COLUMNS), dtype=str, keep_default_na=False)
    raw = raw.rename(columns=COLUMNS)
    df = pd.DataFrame(index=raw.index)
    problems = pd.Series("", index=raw.index)

    def flag(column, bad, reason):
        problems.loc[bad & (problems == "")] = column + " " + reason

    for column, (low, high) in RANGES.items():
        text = raw[column].str.strip()
        values = pd.to_numeric(text, errors="coerce")
        optional = column == "bmi"
        missing = text.isin(["", "N/A"]) if optional else pd.Series(False, index=raw.index)
        flag(column, values.isna() & ~missing, "is not a number")
        flag(column, (values < low) | (values > high), "is outside the accepted range %g..%g" % (low, high))
        df[column] = values
    for column in ["hypertension", "heart_disease", "stroke"]:
        text = raw[column].str.strip()
        flag(column, ~text.isin(["0", "1"]), "is not a 0/1 flag")
        df[column] = (text == "1").astype("int32")
    married = raw["ever_married"].str.strip().str.lower()
    flag("ever_married", ~married.isin(["yes", "no"]), "is not Yes/No")
    df["ever_married"] = (married == "yes").astype("int32")
    for column, allowed in CATEGORIES.items():
        flag(column, ~raw[column].isin(allowed), "is not a known category")
        df[column] = raw[column]
    dates = pd.to_datetime(raw["admission_date"].str.strip(), format="%Y-%m-%d", errors="coerce")
    flag("admission_date", dates.isna(), "is not a real calendar date")
    df["admission_date"] = dates
    df["admission_year_month"] = dates.dt.strftime("%Y-%m")

    valid = problems == ""
    quarantine = problems[~valid].value_counts()
    silver = df[valid].reset_index(drop=True)
    features = numpy.column_stack([
        silver["gender"].map(GENDER_CODES).to_numpy(dtype=float),
        silver["age"].to_numpy(dtype=float),
        silver["avg_glucose_level"].to_numpy(dtype=float),
        silver["bmi"].to_numpy(dtype=float),
    ])
    missing = numpy.isnan(features[:, 3])
    completed = IterativeImputer().fit_transform(features)
    silver["bmi"] = numpy.where(missing, numpy.round(completed[:, 3], 2), features[:, 3])
    silver["bmi_imputed"] = missing.astype("int32")
    return {"rowsValid": int(valid.sum()), "rowsQuarantined": int(quarantine.sum()), "bmiImputed": int(missing.sum())}


def main():
    config = load_config()
    pd, numpy, _, impute = require("pandas", "numpy", "sklearn.experimental.enable_iterative_imputer", "sklearn.impute")
    counts = {}

    def work():
        counts.update(etl(pd, numpy, impute.IterativeImputer, config["csv"]))

    samples = time_runs(work, config["warmup"], config["runs"])
    report(samples, counts)


if __name__ == "__main__":
    main()
