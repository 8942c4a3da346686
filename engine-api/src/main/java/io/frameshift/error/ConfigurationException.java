package io.frameshift.error;

/**
 * A session setting is wrong: an unknown or unavailable engine, a settings file or cost profile
 * that cannot be read, a value out of range. The message names the setting and the accepted values.
 */
public class ConfigurationException extends FrameshiftException {
  private static final long serialVersionUID = 1L;

  public ConfigurationException(String message) {
    super(message);
  }

  public ConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
