/** Errors a Delta reader or writer raises that callers may want to tell apart. */

export class DeltaTableNotFoundError extends Error {
  constructor(readonly location: string) {
    super(`no Delta table at ${location}: _delta_log holds no commit or checkpoint`);
    this.name = 'DeltaTableNotFoundError';
  }
}

/** Another writer committed the version this writer tried to create. */
export class DeltaConflictError extends Error {
  constructor(
    readonly location: string,
    readonly version: number,
    detail = '',
  ) {
    super(
      `concurrent write to Delta table ${location}: version ${version} was committed by another writer` +
        `${detail}. Re-read the table and retry the write.`,
    );
    this.name = 'DeltaConflictError';
  }
}

/** The table needs a protocol feature this implementation does not have. */
export class DeltaUnsupportedFeatureError extends Error {
  constructor(
    readonly location: string,
    detail: string,
  ) {
    super(`Delta table ${location} cannot be handled: ${detail}`);
    this.name = 'DeltaUnsupportedFeatureError';
  }
}
