/**
 * Fictitious personal data for the PII-augmented variant: names, US-style phone numbers and
 * street addresses (which contain commas, so they force CSV quoting). Phone numbers use the
 * 555 exchange reserved for fiction; none of this describes a real person.
 */
import { Random } from '../../core/util/random';

const FEMALE_FIRST = [
  'Mary', 'Patricia', 'Jennifer', 'Linda', 'Elizabeth', 'Barbara', 'Susan', 'Jessica', 'Sarah', 'Karen',
  'Lisa', 'Nancy', 'Betty', 'Sandra', 'Margaret', 'Ashley', 'Kimberly', 'Emily', 'Donna', 'Michelle',
  'Carol', 'Amanda', 'Melissa', 'Deborah', 'Stephanie', 'Rebecca', 'Laura', 'Helen', 'Sharon', 'Cynthia',
  'Olivia', 'Emma', 'Ava', 'Sophia', 'Isabella', 'Mia', 'Zoe', 'Chloe', 'Grace', 'Nora',
];
const MALE_FIRST = [
  'James', 'Robert', 'John', 'Michael', 'David', 'William', 'Richard', 'Joseph', 'Thomas', 'Charles',
  'Christopher', 'Daniel', 'Matthew', 'Anthony', 'Mark', 'Donald', 'Steven', 'Paul', 'Andrew', 'Joshua',
  'Kenneth', 'Kevin', 'Brian', 'George', 'Timothy', 'Ronald', 'Edward', 'Jason', 'Jeffrey', 'Ryan',
  'Liam', 'Noah', 'Ethan', 'Lucas', 'Mason', 'Logan', 'Elijah', 'Aiden', 'Owen', 'Caleb',
];
const LAST = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin',
  'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson',
  'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores',
  'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', "O'Brien",
];
const STREETS = [
  'Oak', 'Maple', 'Cedar', 'Pine', 'Elm', 'Washington', 'Lake', 'Hill', 'Park', 'Sunset',
  'Lincoln', 'Jefferson', 'Madison', 'Franklin', 'River', 'Church', 'Highland', 'Meadow', 'Forest', 'Spring',
];
const STREET_SUFFIXES = ['St', 'Ave', 'Rd', 'Blvd', 'Ln', 'Dr', 'Ct', 'Way', 'Pl', 'Terrace'];
const CITIES: readonly (readonly [string, string, number])[] = [
  ['Springfield', 'IL', 627], ['Portland', 'OR', 972], ['Austin', 'TX', 787], ['Columbus', 'OH', 432],
  ['Denver', 'CO', 802], ['Madison', 'WI', 537], ['Raleigh', 'NC', 276], ['Phoenix', 'AZ', 850],
  ['Richmond', 'VA', 232], ['Albany', 'NY', 122], ['Salem', 'MA', 19], ['Boise', 'ID', 837],
  ['Tampa', 'FL', 336], ['Omaha', 'NE', 681], ['Tucson', 'AZ', 857], ['Fresno', 'CA', 937],
];
const AREA_CODES = [217, 503, 512, 614, 303, 608, 919, 602, 804, 518, 978, 208, 813, 402, 520, 559];

export function fakeFullName(rng: Random, gender: string): string {
  const firstNames = gender === 'Male' ? MALE_FIRST : gender === 'Female' ? FEMALE_FIRST : rng.bernoulli(0.5) ? MALE_FIRST : FEMALE_FIRST;
  const middle = rng.bernoulli(0.15) ? ` ${String.fromCharCode(65 + rng.int(26))}.` : '';
  return `${firstNames[rng.int(firstNames.length)]}${middle} ${LAST[rng.int(LAST.length)]}`;
}

export function fakePhoneNumber(rng: Random): string {
  const area = AREA_CODES[rng.int(AREA_CODES.length)];
  const line = String(rng.int(10000)).padStart(4, '0');
  return rng.bernoulli(0.5) ? `(${area}) 555-${line}` : `+1-${area}-555-${line}`;
}

export function fakeAddress(rng: Random): string {
  const number = 1 + rng.int(9899);
  const street = `${STREETS[rng.int(STREETS.length)]} ${STREET_SUFFIXES[rng.int(STREET_SUFFIXES.length)]}`;
  const unit = rng.bernoulli(0.25) ? `, Apt ${1 + rng.int(40)}` : '';
  const [city, state, zipPrefix] = CITIES[rng.int(CITIES.length)];
  const zip = String(zipPrefix * 100 + rng.int(100)).padStart(5, '0');
  return `${number} ${street}${unit}, ${city}, ${state} ${zip}`;
}
