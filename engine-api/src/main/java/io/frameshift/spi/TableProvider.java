package io.frameshift.spi;

import java.util.Map;
import java.util.Set;

/**
 * Opens the table catalogs a session's settings configure; found with {@link
 * java.util.ServiceLoader} from {@code META-INF/services/io.frameshift.spi.TableProvider}, so
 * putting a table module's jar on the class path is what makes tables available. The session opens
 * each catalog once, on first use, and closes it with itself.
 *
 * <p>Catalogs are configured by {@code frameshift.catalog.NAME.*} settings whose keys after the
 * prefix are the table format's own catalog properties.
 */
public interface TableProvider {
  /** The table format this provider serves, e.g. {@code iceberg}: for messages and logs. */
  String name();

  /**
   * The names of the catalogs {@code config} configures, including an embedded default the provider
   * offers when nothing is configured.
   */
  Set<String> catalogNames(Map<String, String> config);

  /**
   * Settings the session adds beneath the user's for its engines, so that every engine sees the
   * same catalogs (e.g. the catalog classes a distributed engine's session needs). Must be cheap:
   * no catalog is opened.
   */
  Map<String, String> engineSettings(Map<String, String> config);

  /**
   * Opens the catalog {@code name}.
   *
   * @throws io.frameshift.error.ConfigurationException if its settings are incomplete or wrong (the
   *     message names the setting)
   */
  TableCatalog open(String name, Map<String, String> config);
}
