/**
 * How far two equally long series of numbers are apart at worst: max over i of |a[i] − b[i]|,
 * used to show that two ways of scoring the same rows agree (an artifact against the in-process
 * model, SageMaker against the local endpoint). A NaN on either side makes the result NaN, so a
 * broken score can never pass as "no difference"; two empty series differ by 0.
 */
export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length)
    throw new Error(`maxAbsDifference: ${a.length} values against ${b.length}; expected as many on both sides`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const difference = Math.abs(a[i] - b[i]);
    if (Number.isNaN(difference)) return NaN;
    if (difference > worst) worst = difference;
  }
  return worst;
}
