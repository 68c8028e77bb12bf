/**
 * Removal of what deployAwsEndpoint created: the endpoint, then its config, then the model. Each
 * deletion is attempted even when an earlier one failed, so one stuck resource does not leave the
 * others billing or lingering.
 */
import {
  DeleteEndpointCommand,
  DeleteEndpointConfigCommand,
  DeleteModelCommand,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';

export type AwsEndpointResourceKind = 'model' | 'endpoint-config' | 'endpoint';

export interface AwsEndpointResources {
  endpointName: string;
  endpointConfigName: string;
  modelName: string;
  /** What this deployment created, in creation order; cleanup deletes only these. */
  created: AwsEndpointResourceKind[];
}

export interface AwsResourceDeletion {
  kind: AwsEndpointResourceKind;
  name: string;
  outcome: 'deleted' | 'already-deleted' | 'not-created' | 'failed';
  /** The service's message when the deletion failed. */
  error?: string;
}

export const errorMessage = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

/** SageMaker reports a missing model, config or endpoint as a ValidationException "Could not find ...". */
function isNotFound(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (
    error.name === 'ResourceNotFound' || (error.name === 'ValidationException' && /could not find/i.test(error.message))
  );
}

/**
 * Deletes the endpoint, then its config, then the model: each attempted even when an earlier one
 * failed, a missing one counted as already deleted, and one this deployment did not create left alone.
 */
export async function deleteAwsEndpoint(
  client: SageMakerClient,
  deployed: AwsEndpointResources,
): Promise<AwsResourceDeletion[]> {
  const targets: Array<[AwsEndpointResourceKind, string, () => Promise<unknown>]> = [
    [
      'endpoint',
      deployed.endpointName,
      () => client.send(new DeleteEndpointCommand({ EndpointName: deployed.endpointName })),
    ],
    [
      'endpoint-config',
      deployed.endpointConfigName,
      () => client.send(new DeleteEndpointConfigCommand({ EndpointConfigName: deployed.endpointConfigName })),
    ],
    ['model', deployed.modelName, () => client.send(new DeleteModelCommand({ ModelName: deployed.modelName }))],
  ];
  const outcomes: AwsResourceDeletion[] = [];
  for (const [kind, name, remove] of targets) {
    if (!deployed.created.includes(kind)) {
      outcomes.push({ kind, name, outcome: 'not-created' });
      continue;
    }
    try {
      await remove();
      outcomes.push({ kind, name, outcome: 'deleted' });
    } catch (error) {
      outcomes.push(
        isNotFound(error)
          ? { kind, name, outcome: 'already-deleted' }
          : { kind, name, outcome: 'failed', error: errorMessage(error) },
      );
    }
  }
  return outcomes;
}
