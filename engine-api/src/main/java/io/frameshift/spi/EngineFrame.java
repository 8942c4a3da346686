package io.frameshift.spi;

import io.frameshift.types.Schema;

/**
 * An engine's own handle to a frame: a Tablesaw table for the local engine, a lazy Dataset for
 * Spark. Only the engine that made it may operate on it; the executor moves frames between engines.
 */
public interface EngineFrame {
  /** The frame's schema, exactly as analysis computed it. */
  Schema schema();

  /** The name of the engine that owns this frame. */
  String engine();
}
