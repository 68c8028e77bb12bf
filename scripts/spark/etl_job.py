"""Raw stroke CSV (PII-free, on S3) -> silver Delta table, as a SageMaker Processing PySpark job.

Step for step the same as the TypeScript ETL (shared/pipeline/schema.ts, validate.ts, transform.ts,
silver-imputation.ts, silver-job.ts):

1. The header tells the variant apart (original: `id,...,Residence_type,...`; pii: `Admission
   Date,...,BMI,...`). Names are trimmed; a missing required column fails the job naming it.
   Columns of neither variant and the PII columns (Full Name, Phone Number, Address) are never
   extracted from a record: only the known clinical columns' values enter the job's data.
2. Every value is validated exactly like validate.ts (trimmed; plain decimals only; flags 0/1;
   ever_married Yes/No -> 1/0; bmi empty/`N/A` -> null; categories trimmed and case-normalised
   to the canonical spelling; age 0..120, glucose 40..500, bmi 10..100; real `yyyy-MM-dd`
   dates). A row is valid or goes to quarantine with its first problem in silver column order,
   as {line, column, value, reason} with the same reason texts as the TypeScript ETL. A valid
   row repeating the id of an earlier valid row is quarantined too, with `firstLine` (the kept row's).
3. bmi is imputed by MICE over (gender Female 0 / Male 1 / Other 2, age, avg_glucose_level,
   bmi) like scikit-learn's IterativeImputer with its defaults, rounded to 2 decimals, flagged
   in `bmi_imputed`.
4. The silver table is written as Delta (overwrite, schema overwritten), partitioned by
   `admission_year_month` when the variant has admission dates.

Choices, documented:
- Reading: the raw text is read line by line (`sc.textFile`), numbered with `zipWithIndex` so
  quarantine entries carry the 1-based physical line like ours, and split with Python's csv
  module (RFC 4180 quoting within a line). Spark's CSV source cannot report line numbers, and its
  own number parsing would accept `NaN`/`Infinity` and turn bad values into silent nulls. Records
  spanning several physical lines (a newline inside quotes) are therefore not supported; they are
  quarantined as `(row)` problems instead of failing the job (ours reads them; the raw objects
  this job reads are written by stripPii, which never emits such records for this dataset).
- Lines: a raw object written by stripPii starts with the lineage column `source_line` (schema.ts
  LINEAGE_COLUMN), the input file's physical line of each record; quarantine entries and the
  row order use it, so they name the user's lines like the TypeScript ETL. A record whose
  lineage cannot be read (unreadable, or the field is not a positive integer) keeps the raw
  object's own line. Files without the column are numbered by their own lines.
  The typed silver DataFrame is created with an explicit StructType: no inference anywhere.
- MICE runs on the driver: the four imputation columns are collected (32 bytes a row: 5,110 rows
  are 160 kB; 10 million rows are 320 MB, still fine on an ml.m5.xlarge driver). IterativeImputer
  needs every row at once, so it cannot be split across executors without changing its result.
  scikit-learn is used when importable; SageMaker's Spark processing image guarantees numpy and
  pandas but not scikit-learn, so otherwise `iterative_impute` below, a numpy port of the same
  chained BayesianRidge loop (checked against scikit-learn 1.2 in test/sagemaker), is used.
- Delta: the session needs Delta's jar and SQL extension *before* the JVM starts, which under
  smspark-submit means spark-defaults, not SparkSession.builder: the processing request ships a
  `configuration.json` (classification `spark-defaults`) with
  `spark.jars.packages=io.delta:delta-core_2.12:2.3.0` (the Delta release line for Spark 3.3),
  `spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension` and
  `spark.sql.catalog.spark_catalog=org.apache.spark.sql.delta.catalog.DeltaCatalog`; see
  shared/aws/processing.ts. Resolving the package needs outbound access to Maven Central
  from the job (the default for processing jobs without a VPC config).

Pure-Python helpers (variant detection, value parsing, MICE) import without pyspark, so they
can be unit-tested locally; pyspark is imported inside `main` only.

Usage: smspark-submit etl_job.py --input s3://raw/... --output s3://silver/stroke --quarantine s3://silver/stroke/quarantine
"""
import argparse
import csv
import datetime
import math
import re
import sys

ORIGINAL_COLUMNS = {
    "id": "id",
    "gender": "gender",
    "age": "age",
    "hypertension": "hypertension",
    "heart_disease": "heart_disease",
    "ever_married": "ever_married",
    "work_type": "work_type",
    "Residence_type": "residence_type",
    "avg_glucose_level": "avg_glucose_level",
    "bmi": "bmi",
    "smoking_status": "smoking_status",
    "stroke": "stroke",
}
PII_VARIANT_COLUMNS = {
    "Admission Date": "admission_date",
    "Gender": "gender",
    "Age": "age",
    "Hypertension": "hypertension",
    "Heart Disease": "heart_disease",
    "Ever Married": "ever_married",
    "Work Type": "work_type",
    "Residence Type": "residence_type",
    "Avg Glucose Level": "avg_glucose_level",
    "BMI": "bmi",
    "Smoking Status": "smoking_status",
    "Stroke": "stroke",
}
VARIANT_COLUMNS = {"original": ORIGINAL_COLUMNS, "pii": PII_VARIANT_COLUMNS}
LINEAGE_COLUMN = "source_line"
LINEAGE_VALUE = re.compile(r"^[1-9]\d{0,9}$", re.ASCII)
PII_COLUMNS = {"original": (), "pii": ("Full Name", "Phone Number", "Address")}

CATEGORIES = {
    "gender": ("Male", "Female", "Other"),
    "work_type": ("Private", "Self-employed", "children", "Govt_job", "Never_worked"),
    "residence_type": ("Urban", "Rural"),
    "smoking_status": ("never smoked", "Unknown", "formerly smoked", "smokes"),
}
DOMAINS = {"age": (0, 120), "avg_glucose_level": (40, 500), "bmi": (10, 100)}
GENDER_LABELS = ("Female", "Male", "Other")

# Order in which fields are validated (the silver column order, as transform.ts checks them).
VALIDATION_ORDER = (
    "id", "admission_date", "gender", "age", "hypertension", "heart_disease", "ever_married",
    "work_type", "residence_type", "avg_glucose_level", "bmi", "smoking_status", "stroke",
)

# JavaScript's String.prototype.trim set (WhiteSpace + LineTerminator), so both ETLs trim alike.
JS_WHITESPACE = "\t\n\v\f\r \u00a0\u1680" + "".join(chr(c) for c in range(0x2000, 0x200B)) + "\u2028\u2029\u202f\u205f\u3000\ufeff"
DECIMAL = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$", re.ASCII)
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$", re.ASCII)
ID_TEXT = re.compile(r"^\d{1,10}$", re.ASCII)
MAX_INT32 = 2147483647
MAX_VALUE_SHOWN = 100
EPOCH = datetime.date(1970, 1, 1)


class SchemaError(Exception):
    pass


class FieldProblem(Exception):
    """A bad field value; `reason` completes `<field> ...` exactly like validate.ts."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def js_trim(text):
    return text.strip(JS_WHITESPACE)


def _quote_list(names):
    return ", ".join('"%s"' % name for name in names)


def raw_headers(variant):
    if variant == "original":
        return list(ORIGINAL_COLUMNS)
    names = list(PII_VARIANT_COLUMNS)
    return names[:1] + list(PII_COLUMNS["pii"]) + names[1:]


def resolve_header(header_fields, file_name="input"):
    """(variant, {silver field: header index}) like schema.ts resolveHeader."""
    header = [js_trim(name) for name in header_fields]

    def score(variant):
        known = VARIANT_COLUMNS[variant]
        return sum(1 for name in header if name in known or name in PII_COLUMNS[variant])

    original, pii = score("original"), score("pii")
    if original == 0 and pii == 0:
        raise SchemaError(
            "%s: header matches neither dataset variant (got %s). Expected the original columns %s or the PII-augmented columns %s"
            % (file_name, _quote_list(header), _quote_list(raw_headers("original")), _quote_list(raw_headers("pii")))
        )
    variant = "original" if original >= pii else "pii"
    known = VARIANT_COLUMNS[variant]
    missing = [name for name in known if name not in header]
    if missing:
        unexpected = [name for name in header if name not in known and name not in PII_COLUMNS[variant]]
        raise SchemaError(
            "%s: header looks like the %s variant but is missing required column(s) %s%s. Expected columns: %s"
            % (file_name, variant, _quote_list(missing),
               "; unexpected column(s): %s" % _quote_list(unexpected) if unexpected else "",
               _quote_list(raw_headers(variant)))
        )
    index = {name: -1 for name in VALIDATION_ORDER}
    for position, name in enumerate(header):
        if name in known:
            index[known[name]] = position
    return variant, index


def canonical_category(field, raw):
    """Canonical spelling of a category value, or None when unknown (trimmed, case ignored)."""
    values = CATEGORIES[field]
    if raw in values:
        return raw
    wanted = js_trim(raw).lower()
    for value in values:
        if value.lower() == wanted:
            return value
    return None


def parse_decimal(raw):
    text = js_trim(raw)
    if text == "":
        raise FieldProblem("is empty; expected a number")
    if not DECIMAL.match(text):
        raise FieldProblem("is not a number")
    value = float(text)
    if not math.isfinite(value):
        raise FieldProblem("is out of the float64 range")
    return value


def _format_bound(value):
    return str(int(value)) if float(value).is_integer() else repr(value)


def parse_bounded(raw, low, high):
    value = parse_decimal(raw)
    if value < low or value > high:
        raise FieldProblem("is outside the accepted range %s..%s" % (_format_bound(low), _format_bound(high)))
    return value


def parse_optional_bounded(raw, low, high):
    text = js_trim(raw)
    if text == "" or text.upper() == "N/A":
        return None
    return parse_bounded(text, low, high)


def parse_flag(raw):
    text = js_trim(raw)
    if text == "0":
        return 0
    if text == "1":
        return 1
    raise FieldProblem("is not a 0/1 flag")


def parse_yes_no(raw):
    text = js_trim(raw).lower()
    if text == "yes":
        return 1
    if text == "no":
        return 0
    raise FieldProblem("is not Yes/No")


def parse_category(field, raw):
    value = canonical_category(field, raw)
    if value is None:
        raise FieldProblem("is not a known category; expected one of %s" % " | ".join(CATEGORIES[field]))
    return value


def parse_id(raw):
    text = js_trim(raw)
    if not ID_TEXT.match(text):
        raise FieldProblem("is not a non-negative integer id")
    value = int(text)
    if value > MAX_INT32:
        raise FieldProblem("is larger than %d" % MAX_INT32)
    return value


def parse_iso_date(raw):
    """A datetime.date; years below 100 are refused as ours does (JavaScript maps them to 19xx)."""
    match = ISO_DATE.match(js_trim(raw))
    if match is None:
        raise FieldProblem("is not a date written yyyy-MM-dd")
    year, month, day = (int(part) for part in match.groups())
    if year < 100:
        raise FieldProblem("is not a real calendar date")
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise FieldProblem("is not a real calendar date") from None


PARSERS = {
    "id": parse_id,
    "admission_date": parse_iso_date,
    "gender": lambda raw: parse_category("gender", raw),
    "age": lambda raw: parse_bounded(raw, *DOMAINS["age"]),
    "hypertension": parse_flag,
    "heart_disease": parse_flag,
    "ever_married": parse_yes_no,
    "work_type": lambda raw: parse_category("work_type", raw),
    "residence_type": lambda raw: parse_category("residence_type", raw),
    "avg_glucose_level": lambda raw: parse_bounded(raw, *DOMAINS["avg_glucose_level"]),
    "bmi": lambda raw: parse_optional_bounded(raw, *DOMAINS["bmi"]),
    "smoking_status": lambda raw: parse_category("smoking_status", raw),
    "stroke": parse_flag,
}


def shown_value(raw):
    """A raw value as a quarantine entry shows it: cut to MAX_VALUE_SHOWN characters."""
    return raw[:MAX_VALUE_SHOWN] + "\u2026" if len(raw) > MAX_VALUE_SHOWN else raw


def validate_record(fields, index, header):
    """({silver field: value}, None) for a valid record, else (None, {column, value, reason})."""
    row = {}
    for field in VALIDATION_ORDER:
        position = index[field]
        if position < 0:
            row[field] = None
            continue
        raw = fields[position]
        try:
            row[field] = PARSERS[field](raw)
        except FieldProblem as problem:
            return None, {"column": header[position], "value": shown_value(raw), "reason": "%s %s" % (field, problem.reason)}
    date = row["admission_date"]
    row["admission_year_month"] = None if date is None else "%04d-%02d" % (date.year, date.month)
    return row, None


def lineage_index(header):
    """Index of the lineage column (the input file's line of each record), or -1."""
    return header.index(LINEAGE_COLUMN) if LINEAGE_COLUMN in header else -1


def parse_line(line_number, text, index, header, lineage=-1):
    """One physical line -> ('row', values) or ('issue', quarantine entry); None for blank lines.

    `lineage`: index of the lineage column; its value replaces `line_number` when readable."""
    if text.strip() == "":
        return None
    try:
        fields = next(csv.reader([text], strict=True))
    except csv.Error as error:
        return "issue", {"line": line_number, "column": "(row)", "value": "", "reason": "unreadable CSV record (%s)" % error}
    if 0 <= lineage < len(fields) and LINEAGE_VALUE.match(fields[lineage]):
        line_number = int(fields[lineage])
    if len(fields) != len(header):
        return "issue", {"line": line_number, "column": "(row)", "value": "",
                         "reason": "expected %d fields, got %d" % (len(header), len(fields))}
    row, issue = validate_record(fields, index, header)
    if issue is not None:
        issue["line"] = line_number
        return "issue", issue
    row["source_line"] = line_number
    if index["id"] >= 0:
        row["source_id_text"] = fields[index["id"]]
    return "row", row


DUPLICATE_ID_REASON = "id repeats the id of an earlier valid row (the first is kept; see firstLine)"


def duplicate_id_issues(kept, id_column):
    """Quarantine entries for valid rows whose id an earlier valid row has, from (line, id, raw id)
    of every valid row; the first valid row with an id stays in silver (shared/pipeline/etl/duplicate-ids.ts)."""
    first_line = {}
    issues = []
    for line, id_value, raw in sorted(kept):
        if id_value in first_line:
            issues.append({"line": line, "column": id_column, "value": shown_value(raw),
                           "reason": DUPLICATE_ID_REASON, "firstLine": first_line[id_value]})
        else:
            first_line[id_value] = line
    return issues


def round_half_up_2(value):
    """Math.round(value * 100) / 100, as silver-imputation.ts rounds."""
    return math.floor(value * 100 + 0.5) / 100


def fit_bayesian_ridge(x, y, max_iter=300, tol=1e-3, alpha_1=1e-6, alpha_2=1e-6, lambda_1=1e-6, lambda_2=1e-6):
    """(coef, intercept) of scikit-learn 1.2's BayesianRidge with its defaults (numpy only)."""
    import numpy as np

    n, p = x.shape
    x_offset = x.mean(axis=0)
    y_offset = y.mean()
    xc = x - x_offset
    yc = y - y_offset
    alpha = 1.0 / (np.var(yc) + np.finfo(np.float64).eps)
    lam = 1.0
    xt_y = xc.T @ yc
    u, s, vh = np.linalg.svd(xc, full_matrices=False)
    eigen = s ** 2

    def update(alpha_, lambda_):
        if n > p:
            coef_ = vh.T @ (vh / (eigen + lambda_ / alpha_)[:, None]) @ xt_y
        else:
            coef_ = xc.T @ (u / (eigen + lambda_ / alpha_)[None, :]) @ u.T @ yc
        return coef_, float(np.sum((yc - xc @ coef_) ** 2))

    coef_old = None
    for iteration in range(max_iter):
        coef, rmse = update(alpha, lam)
        gamma = float(np.sum((alpha * eigen) / (lam + alpha * eigen)))
        lam = (gamma + 2 * lambda_1) / (float(np.sum(coef ** 2)) + 2 * lambda_2)
        alpha = (n - gamma + 2 * alpha_1) / (rmse + 2 * alpha_2)
        if iteration != 0 and float(np.sum(np.abs(coef_old - coef))) < tol:
            break
        coef_old = np.copy(coef)
    coef, _ = update(alpha, lam)
    return coef, float(y_offset - x_offset @ coef)


def iterative_impute(matrix, max_iter=10, tol=1e-3):
    """scikit-learn 1.2 IterativeImputer defaults (mean start, ascending order, BayesianRidge, no
    clipping, inf-norm early stop) over a float matrix with NaN for missing; returns a copy."""
    import numpy as np

    x = np.array(matrix, dtype=np.float64)
    missing = np.isnan(x)
    counts = missing.sum(axis=0)
    if np.any(counts == x.shape[0]):
        raise ValueError("iterative_impute: a column has no observed values")
    means = np.nanmean(x, axis=0)
    filled = np.where(missing, means[None, :], x)
    if x.shape[1] < 2 or not missing.any():
        return filled
    order = [int(j) for j in np.argsort(counts, kind="mergesort") if counts[j] > 0]
    normalized_tol = tol * np.max(np.abs(x[~missing]))
    for _ in range(max_iter):
        previous = filled.copy()
        for j in order:
            others = [k for k in range(x.shape[1]) if k != j]
            rows = missing[:, j]
            coef, intercept = fit_bayesian_ridge(filled[~rows][:, others], filled[~rows, j])
            filled[rows, j] = filled[rows][:, others] @ coef + intercept
        if np.max(np.sum(np.abs(filled - previous), axis=1)) < normalized_tol:
            break
    return filled


def impute_bmi(gender, age, glucose, bmi):
    """Imputed bmi (list, None for missing in -> rounded value out) and the 0/1 flags."""
    import numpy as np

    codes = [GENDER_LABELS.index(g) for g in gender]
    matrix = np.column_stack([codes, age, glucose, [np.nan if b is None else b for b in bmi]]).astype(np.float64)
    flags = [0 if b is not None else 1 for b in bmi]
    if not any(flags):
        return list(bmi), flags
    try:
        from sklearn.experimental import enable_iterative_imputer  # noqa: F401
        from sklearn.impute import IterativeImputer

        filled = IterativeImputer().fit_transform(matrix)
    except ImportError:
        filled = iterative_impute(matrix)
    out = [b if flag == 0 else round_half_up_2(float(filled[i, 3])) for i, (b, flag) in enumerate(zip(bmi, flags))]
    return out, flags


def silver_columns(variant):
    """silver-job.ts silverColumnsFor: absent columns left out, bmi_imputed after bmi."""
    absent = ("admission_date", "admission_year_month") if variant == "original" else ("id",)
    names = ["id", "admission_date", "admission_year_month", "gender", "age", "hypertension", "heart_disease",
             "ever_married", "work_type", "residence_type", "avg_glucose_level", "bmi", "smoking_status", "stroke"]
    names = [name for name in names if name not in absent]
    names.insert(names.index("bmi") + 1, "bmi_imputed")
    return names


def parse_args(argv):
    parser = argparse.ArgumentParser(description="stroke raw CSV -> silver Delta (SageMaker Processing, PySpark)")
    parser.add_argument("--input", required=True, help="s3:// URI of the PII-free raw CSV object (or prefix)")
    parser.add_argument("--output", required=True, help="s3:// URI of the silver Delta table")
    parser.add_argument("--quarantine", required=True, help="s3:// URI under which rejected rows are written as JSON Lines")
    args = parser.parse_args(argv)
    for name in ("input", "output", "quarantine"):
        if not getattr(args, name).startswith("s3://"):
            parser.error("--%s must be an s3:// URI, got %r" % (name, getattr(args, name)))
    return args


def to_s3a(uri):
    """The S3A connector of the Spark processing image reads s3a:// URIs."""
    return "s3a://" + uri[len("s3://"):]


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    from pyspark.sql import SparkSession
    from pyspark.sql import types as T

    spark = SparkSession.builder.appName("stroke-silver-etl").getOrCreate()
    text = spark.sparkContext.textFile(to_s3a(args.input))
    if text.isEmpty():
        raise SchemaError("%s: the file is empty" % args.input)
    header = next(csv.reader([text.first().lstrip("\ufeff")]))
    lines = text.zipWithIndex()
    variant, index = resolve_header(header, args.input)
    header = [js_trim(name) for name in header]
    lineage = lineage_index(header)

    parsed = (
        lines.filter(lambda pair: pair[1] > 0)
        .map(lambda pair: parse_line(pair[1] + 1, pair[0], index, header, lineage))
        .filter(lambda result: result is not None)
        .cache()
    )
    rows = parsed.filter(lambda r: r[0] == "row").map(lambda r: r[1])
    issues = parsed.filter(lambda r: r[0] == "issue").map(lambda r: r[1])
    if index["id"] >= 0:
        # A repeated id: the first valid row keeps it, later ones are quarantined (collected like MICE's inputs).
        kept = rows.map(lambda r: (r["source_line"], r["id"], r["source_id_text"])).collect()
        duplicates = duplicate_id_issues(kept, header[index["id"]])
        dropped = spark.sparkContext.broadcast({issue["line"] for issue in duplicates})
        rows = rows.filter(lambda r: r["source_line"] not in dropped.value)
        issues = issues.union(spark.sparkContext.parallelize(duplicates))

    quarantine_schema = T.StructType([
        T.StructField("line", T.IntegerType(), False),
        T.StructField("column", T.StringType(), False),
        T.StructField("value", T.StringType(), False),
        T.StructField("reason", T.StringType(), False),
        T.StructField("firstLine", T.IntegerType(), True),
    ])
    quarantine = spark.createDataFrame(
        issues.map(lambda e: (e["line"], e["column"], e["value"], e["reason"], e.get("firstLine"))), quarantine_schema)
    quarantine.orderBy("line").coalesce(1).write.mode("overwrite").json(to_s3a(args.quarantine))

    # MICE needs every row at once: collect the four imputation inputs to the driver (see module doc).
    inputs = rows.map(lambda r: (r["source_line"], r["gender"], r["age"], r["avg_glucose_level"], r["bmi"])).collect()
    inputs.sort()
    imputed, flags = impute_bmi([i[1] for i in inputs], [i[2] for i in inputs], [i[3] for i in inputs], [i[4] for i in inputs])
    by_line = spark.sparkContext.broadcast({i[0]: (b, f) for i, b, f in zip(inputs, imputed, flags)})

    silver_schema = T.StructType([
        T.StructField("id", T.IntegerType(), True),
        T.StructField("admission_date", T.DateType(), True),
        T.StructField("admission_year_month", T.StringType(), True),
        T.StructField("gender", T.StringType(), False),
        T.StructField("age", T.DoubleType(), False),
        T.StructField("hypertension", T.IntegerType(), False),
        T.StructField("heart_disease", T.IntegerType(), False),
        T.StructField("ever_married", T.IntegerType(), False),
        T.StructField("work_type", T.StringType(), False),
        T.StructField("residence_type", T.StringType(), False),
        T.StructField("avg_glucose_level", T.DoubleType(), False),
        T.StructField("bmi", T.DoubleType(), True),
        T.StructField("bmi_imputed", T.IntegerType(), False),
        T.StructField("smoking_status", T.StringType(), False),
        T.StructField("stroke", T.IntegerType(), False),
        T.StructField("source_line", T.IntegerType(), False),
    ])

    def with_bmi(r):
        bmi, flag = by_line.value[r["source_line"]]
        return tuple(bmi if name == "bmi" else flag if name == "bmi_imputed" else r[name] for name in silver_schema.fieldNames())

    silver = spark.createDataFrame(rows.map(with_bmi), silver_schema).orderBy("source_line").select(*silver_columns(variant))
    writer = silver.write.format("delta").mode("overwrite").option("overwriteSchema", "true")
    if variant == "pii":
        writer = writer.partitionBy("admission_year_month")
    writer.save(to_s3a(args.output))

    valid, rejected = len(inputs), quarantine.count()
    print("stroke silver ETL: variant %s, %d rows read, %d valid, %d quarantined, %d bmi imputed"
          % (variant, valid + rejected, valid, rejected, sum(flags)))
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
