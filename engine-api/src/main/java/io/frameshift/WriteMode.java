package io.frameshift;

/** What a write does when its target already exists. */
public enum WriteMode {
  /** Fail with {@link io.frameshift.error.OutputExistsException} (the default). */
  ERROR_IF_EXISTS,
  /** Replace the target atomically: a failed write leaves the previous data intact. */
  OVERWRITE,
  /** Add new part files beside the existing ones. */
  APPEND,
  /** Do nothing if the target exists. */
  IGNORE
}
