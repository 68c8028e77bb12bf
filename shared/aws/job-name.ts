/**
 * SageMaker job names: `^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}` — at most 63 characters for training
 * and transform jobs, 32 for hyperparameter tuning jobs. Generated names follow the SageMaker
 * SDK's `<base>-<yyyy>-<mm>-<dd>-<hh>-<mm>-<ss>-<mmm>` (UTC) pattern, plus a counter when one
 * process asks twice within a millisecond, so names are unique per process and sort by time.
 */

export const MAX_JOB_NAME_LENGTH = 63;
export const MAX_TUNING_JOB_NAME_LENGTH = 32;

const VALID_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/;

/** Throws unless `name` is a valid SageMaker job name of at most `maxLength` characters. */
export function checkJobName(name: string, maxLength = MAX_JOB_NAME_LENGTH, what = 'job name'): string {
  if (typeof name !== 'string' || !VALID_NAME.test(name) || name.length > maxLength) {
    throw new Error(
      `${what} ${JSON.stringify(name)} is invalid: expected 1-${maxLength} characters of [a-zA-Z0-9-], starting and ending with a letter or digit`,
    );
  }
  return name;
}

let lastStamp = '';
let sameStampCount = 0;

function timestamp(now: Date): string {
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return [
    now.getUTCFullYear(),
    pad(now.getUTCMonth() + 1),
    pad(now.getUTCDate()),
    pad(now.getUTCHours()),
    pad(now.getUTCMinutes()),
    pad(now.getUTCSeconds()),
    pad(now.getUTCMilliseconds(), 3),
  ].join('-');
}

/**
 * `<base>-<timestamp>[-<n>]`, with the base shortened so the whole fits `maxLength`. The base
 * must itself be a valid name fragment (letters, digits, hyphens; no leading/trailing hyphen).
 */
export function uniqueJobName(base: string, maxLength = MAX_JOB_NAME_LENGTH, now: Date = new Date()): string {
  checkJobName(base, Number.MAX_SAFE_INTEGER, 'job name prefix');
  let stamp = timestamp(now);
  if (stamp === lastStamp) {
    sameStampCount += 1;
    stamp = `${stamp}-${sameStampCount}`;
  } else {
    lastStamp = stamp;
    sameStampCount = 0;
  }
  // Tuning jobs' 32 characters do not fit the full stamp: keep its most specific end.
  const suffix = stamp.length + 2 > maxLength ? stamp.replace(/-/g, '').slice(-(maxLength - 2)) : stamp;
  const room = maxLength - suffix.length - 1;
  const shortened = base.slice(0, Math.max(room, 1)).replace(/-+$/, '');
  return checkJobName(`${shortened}-${suffix}`, maxLength);
}
