import { test } from 'node:test';
import assert from 'node:assert/strict';
import { awsRequestMode, checkRoleArn, PLACEHOLDER_ROLE_ARN } from '../../shared/aws/role-arn';

test('a local run shows requests with the configured role or a valid placeholder, an aws run sends them', () => {
  const role = 'arn:aws:iam::210987654321:role/Stroke';
  const local = awsRequestMode({ target: 'local', sagemakerRoleArn: undefined }, 'CreateEndpoint');
  assert.deepEqual(local, {
    sending: false,
    roleArn: PLACEHOLDER_ROLE_ARN,
    title: 'CreateEndpoint: what the aws backend would send (nothing is sent locally)',
  });
  assert.equal(checkRoleArn(local.roleArn), PLACEHOLDER_ROLE_ARN, 'the placeholder passes the request builders');
  assert.equal(awsRequestMode({ target: 'local', sagemakerRoleArn: role }, 'X').roleArn, role);
  assert.deepEqual(awsRequestMode({ target: 'aws', sagemakerRoleArn: role }, 'CreateEndpoint'), {
    sending: true,
    roleArn: role,
    title: 'Sending CreateEndpoint',
  });
});
