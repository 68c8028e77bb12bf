/** The IAM execution role SageMaker assumes for jobs, models and endpoints. */

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/;

/** Throws naming `what` unless `value` is an IAM role ARN (any partition). */
export function checkRoleArn(value: string | undefined, what = 'roleArn'): string {
  if (typeof value !== 'string' || !ROLE_ARN.test(value)) {
    throw new Error(`${what}: expected an IAM role ARN like arn:aws:iam::123456789012:role/SageMakerRole, got ${JSON.stringify(value)}`);
  }
  return value;
}
