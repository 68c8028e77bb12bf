/** The IAM execution role SageMaker assumes for jobs, models and endpoints. */

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/;

/** Throws naming `what` unless `value` is an IAM role ARN (any partition). */
export function checkRoleArn(value: string | undefined, what = 'roleArn'): string {
  if (typeof value !== 'string' || !ROLE_ARN.test(value)) {
    throw new Error(
      `${what}: expected an IAM role ARN like arn:aws:iam::123456789012:role/SageMakerRole, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/** Stands in for the role in requests a local run only shows (never sent). */
export const PLACEHOLDER_ROLE_ARN = 'arn:aws:iam::123456789012:role/SageMakerRole';

/**
 * How a notebook treats an AWS request: sent when the target is aws; otherwise shown, built with
 * the configured role or the placeholder, under a title saying nothing is sent.
 */
export function awsRequestMode(
  config: { target: string; sagemakerRoleArn: string | undefined },
  requestName: string,
): { sending: boolean; roleArn: string; title: string } {
  const sending = config.target === 'aws';
  return {
    sending,
    roleArn: config.sagemakerRoleArn ?? PLACEHOLDER_ROLE_ARN,
    title: sending
      ? `Sending ${requestName}`
      : `${requestName}: what the aws backend would send (nothing is sent locally)`,
  };
}
