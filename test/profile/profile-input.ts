/** The deterministic profile/correlation fixture input as an Arrow table (see make_profile_golden.py). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Float64, Int32, Table, Utf8, vectorFromArray } from 'apache-arrow';

export const FIXTURE_DIR = join(__dirname, '..', 'fixtures', 'profile');

export function readFixture<T>(name: string): T {
  return JSON.parse(readFileSync(join(FIXTURE_DIR, name), 'utf8')) as T;
}

interface ProfileInput {
  age: number[];
  bmi: (number | null)[];
  avg_glucose_level: number[];
  hypertension: number[];
  stroke: number[];
  noise: (number | null)[];
  gender: string[];
  smoking_status: (string | null)[];
}

export function profileInputTable(): Table {
  const input = readFixture<ProfileInput>('profile_input.json');
  return new Table({
    age: vectorFromArray(input.age, new Float64()),
    bmi: vectorFromArray(input.bmi, new Float64()),
    avg_glucose_level: vectorFromArray(input.avg_glucose_level, new Float64()),
    hypertension: vectorFromArray(input.hypertension, new Int32()),
    stroke: vectorFromArray(input.stroke, new Int32()),
    noise: vectorFromArray(input.noise, new Float64()),
    gender: vectorFromArray(input.gender, new Utf8()),
    smoking_status: vectorFromArray(input.smoking_status, new Utf8()),
  });
}
