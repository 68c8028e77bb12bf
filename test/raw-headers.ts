/**
 * The header lines of the two raw CSV layouts, as the tests know them: written out here, once, and
 * not taken from shared/pipeline/schema.ts, so the tests check the schema against the file format
 * instead of against itself (test/etl/schema.test.ts compares the two).
 */
export const ORIGINAL_HEADER =
  'id,gender,age,hypertension,heart_disease,ever_married,work_type,Residence_type,avg_glucose_level,bmi,smoking_status,stroke';
export const PII_HEADER =
  'Admission Date,Full Name,Phone Number,Address,Gender,Age,Hypertension,Heart Disease,Ever Married,Work Type,' +
  'Residence Type,Avg Glucose Level,BMI,Smoking Status,Stroke';
