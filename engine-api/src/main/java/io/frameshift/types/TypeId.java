package io.frameshift.types;

/** The kinds of {@link DataType}; engines switch over it exhaustively. */
public enum TypeId {
  BOOLEAN,
  INT32,
  INT64,
  FLOAT32,
  FLOAT64,
  STRING,
  DATE,
  /** An instant on the UTC time line with microsecond precision. */
  TIMESTAMP,
  /** A local date-time without zone, microsecond precision. */
  TIMESTAMP_NTZ,
  DECIMAL
}
