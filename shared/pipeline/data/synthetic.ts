/**
 * A generative model of one patient of the stroke dataset, tuned to its published facts
 * (marginals, missing bmi, correlations). Draw order is fixed, so a seed fully determines the
 * sequence of patients.
 *
 * Structure: age (children / adults mixture; infants in 0.08-year steps) → work type, marriage,
 * smoking (children: mostly Unknown) → hypertension, heart disease (logistic in age) → glucose
 * (normal + diabetic mode near 210, more likely with age) → bmi (low in children) → stroke
 * (logistic: steep in age, plus hypertension, heart disease, glucose), intercept calibrated
 * by simulation to the dataset's 4.9 % overall rate.
 */
import { Random } from '../../core/util/random';

export interface SyntheticPatient {
  gender: 'Male' | 'Female' | 'Other';
  age: number;
  hypertension: 0 | 1;
  heartDisease: 0 | 1;
  everMarried: boolean;
  workType: 'Private' | 'Self-employed' | 'children' | 'Govt_job' | 'Never_worked';
  residenceType: 'Urban' | 'Rural';
  avgGlucoseLevel: number;
  /** null when missing (about 3.9 % of rows, more often among stroke patients). */
  bmi: number | null;
  smokingStatus: 'never smoked' | 'Unknown' | 'formerly smoked' | 'smokes';
  stroke: 0 | 1;
}

export interface PatientOptions {
  /** The original file has one `Other` gender in 5,110; the PII variant has none. */
  allowOtherGender: boolean;
}

/** Logit intercept of the stroke model; calibrated so the overall stroke rate is ≈ 4.9 %. */
const STROKE_INTERCEPT = -7.52;

const WORK_ADULT = ['Private', 'Self-employed', 'Govt_job'] as const;
const SMOKING = ['never smoked', 'Unknown', 'formerly smoked', 'smokes'] as const;

/** A patient as a client sends it to the endpoint's JSON API (null bmi = not measured). */
export function patientRecordOf(p: SyntheticPatient): Record<string, string | number | null> {
  return {
    gender: p.gender,
    age: p.age,
    hypertension: p.hypertension,
    heart_disease: p.heartDisease,
    ever_married: p.everMarried ? 1 : 0,
    work_type: p.workType,
    residence_type: p.residenceType,
    avg_glucose_level: p.avgGlucoseLevel,
    bmi: p.bmi,
    smoking_status: p.smokingStatus,
  };
}

/**
 * The generator's stroke risk: steep in age, higher with hypertension, heart disease and glucose.
 * Exported so a simulation can label new patients (e.g. a drifted population) the same way.
 */
export function strokeProbability(p: { age: number; hypertension: number; heartDisease: number; avgGlucoseLevel: number }): number {
  return logistic(STROKE_INTERCEPT + 0.075 * p.age + 0.45 * p.hypertension + 0.4 * p.heartDisease + 0.0045 * (p.avgGlucoseLevel - 100));
}

export function drawPatient(rng: Random, options: PatientOptions): SyntheticPatient {
  const genderDraw = rng.next();
  const gender = options.allowOtherGender && genderDraw < 1 / 5110 ? 'Other' : genderDraw < 0.586 ? 'Female' : 'Male';
  const age = drawAge(rng);
  const workType = drawWorkType(rng, age);
  const child = workType === 'children';
  const everMarried = !child && rng.bernoulli(marriedProbability(age));
  const smokingStatus = drawSmoking(rng, age, child);
  const hypertension = rng.bernoulli(logistic(-5.28 + 0.058 * age)) ? 1 : 0;
  const heartDisease = rng.bernoulli(logistic(-7.37 + 0.075 * age + (gender === 'Male' ? 0.6 : 0))) ? 1 : 0;
  const diabetic = rng.bernoulli(logistic(-3.7 + 0.035 * age + 0.4 * hypertension));
  const avgGlucoseLevel = diabetic ? clamp(rng.normal(212, 30), 55.12, 271.74) : drawNormalGlucose(rng);
  const residenceType = rng.bernoulli(2596 / 5110) ? 'Urban' : 'Rural';
  const stroke = rng.bernoulli(strokeProbability({ age, hypertension, heartDisease, avgGlucoseLevel })) ? 1 : 0;
  const bmi = rng.bernoulli(stroke === 1 ? 0.16 : 0.033) ? null : drawBmi(rng, age);
  return {
    gender,
    age,
    hypertension,
    heartDisease,
    everMarried,
    workType,
    residenceType,
    avgGlucoseLevel: Math.round(avgGlucoseLevel * 100) / 100,
    bmi,
    smokingStatus,
    stroke,
  };
}

/** Children (≈15 %) uniform over 0..18; adults spread over 18..82 with a bump near 47 (the file caps age at 82). */
function drawAge(rng: Random): number {
  if (rng.bernoulli(0.155)) {
    const years = rng.uniform(0.04, 18);
    const whole = Math.floor(years);
    if (whole >= 2) return whole;
    // The dataset writes infants' ages as whole years + months × 0.08 (0.08, 0.16, …, 1.88).
    const months = Math.max(whole === 0 ? 1 : 0, Math.floor((years - whole) * 12));
    return roundTo(whole + months * 0.08, 2);
  }
  const adult = rng.bernoulli(0.78) ? rng.uniform(18, 83.5) : clamp(rng.normal(47, 14), 18, 83.5);
  return Math.min(82, Math.floor(adult));
}

function drawWorkType(rng: Random, age: number): SyntheticPatient['workType'] {
  if (age < 16) {
    const draw = rng.next();
    if (draw < 0.9 || age < 13) return 'children';
    return draw < 0.94 ? 'Never_worked' : 'Private';
  }
  if (age < 23 && rng.bernoulli(0.03)) return 'Never_worked';
  const selfEmployedWeight = 0.03 + 0.003 * age;
  return WORK_ADULT[rng.weightedIndex([0.68, selfEmployedWeight, 0.16])];
}

/** Right-skewed non-diabetic mode around 90 mg/dL; never below the file's minimum 55.12. */
function drawNormalGlucose(rng: Random): number {
  const value = 84 + rng.normal(0, 18) + 6 * rng.normal(0, 1) ** 2;
  return value >= 55.12 ? value : rng.uniform(55.12, 70);
}

function marriedProbability(age: number): number {
  return 0.89 * logistic((age - 27) / 3.5);
}

function drawSmoking(rng: Random, age: number, child: boolean): SyntheticPatient['smokingStatus'] {
  if (child) return rng.bernoulli(0.9) ? 'Unknown' : 'never smoked';
  if (age < 18) return SMOKING[rng.weightedIndex([0.4, 0.45, 0.05, 0.1])];
  return SMOKING[rng.weightedIndex([0.42, 0.2, 0.2 + 0.0015 * (age - 45), 0.18])];
}

function drawBmi(rng: Random, age: number): number {
  const value = age < 18 ? rng.normal(15.5 + 0.6 * age, 3.2) : rng.normal(30.3, 6.5) + (rng.bernoulli(0.008) ? rng.uniform(15, 50) : 0);
  return roundTo(clamp(value, 10.3, 97.6), 1);
}

function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

function clamp(x: number, min: number, max: number): number {
  return x < min ? min : x > max ? max : x;
}

function roundTo(x: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(x * scale) / scale;
}
