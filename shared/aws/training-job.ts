/** What a finished training job reports, whichever backend ran it. */

export type TrainingBackend = 'local' | 'aws';

export interface TrainingJobResult {
  jobName: string;
  backend: TrainingBackend;
  /** URI of the job's model.tar.gz (`<output path>/<job name>/output/model.tar.gz`). */
  modelArtifact: string;
  /** Key of model.tar.gz: in the output store for {store, prefix} outputs, in the bucket for S3 URIs. */
  modelArtifactKey: string;
  /** Final metrics by SageMaker name, e.g. 'validation:aucpr'. */
  metrics: Record<string, number>;
  /** The hyperparameters the job ran with, as SageMaker strings. */
  hyperparameters: Record<string, string>;
}

/** The two channels of a built-in XGBoost training job. */
export interface TrainingChannels<Location> {
  train: Location;
  validation: Location;
}
