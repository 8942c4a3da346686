package io.frameshift.kafka;

import io.frameshift.error.FrameshiftException;

/**
 * A {@link KafkaSource} could not read what it planned: the topic does not exist, the broker did
 * not answer, the records of a committed position were deleted by retention, a batch's offset range
 * was not read within the read timeout, or a key or value is not UTF-8. The message names the
 * topic, the partition and the offsets.
 */
public class KafkaReadException extends FrameshiftException {
  private static final long serialVersionUID = 1L;

  public KafkaReadException(String message) {
    super(message);
  }

  public KafkaReadException(String message, Throwable cause) {
    super(message, cause);
  }
}
