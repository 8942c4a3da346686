package io.frameshift.internal;

import io.frameshift.error.ConfigurationException;
import io.frameshift.error.TableNotFoundException;
import io.frameshift.spi.TableCatalog;
import io.frameshift.spi.TableHandle;
import io.frameshift.spi.TableProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * The table catalogs of a session: the providers found on the class path, each catalog opened on
 * first use and closed with the session.
 */
public final class Tables implements AutoCloseable {
  private final List<TableProvider> providers;
  private final Map<String, String> config;
  private final Map<String, TableCatalog> open = new LinkedHashMap<>();

  Tables(List<TableProvider> providers, Map<String, String> config) {
    this.providers = List.copyOf(providers);
    this.config = config;
  }

  static List<TableProvider> discover() {
    List<TableProvider> found = new ArrayList<>();
    ServiceLoader.load(TableProvider.class).forEach(found::add);
    return found;
  }

  /** What the providers add beneath the user's settings so that every engine sees the catalogs. */
  static Map<String, String> engineSettings(
      List<TableProvider> providers, Map<String, String> config) {
    Map<String, String> out = new LinkedHashMap<>();
    for (TableProvider p : providers) {
      out.putAll(p.engineSettings(config));
    }
    return out;
  }

  /** The names of the catalogs the settings configure. */
  public TreeSet<String> names() {
    TreeSet<String> names = new TreeSet<>();
    for (TableProvider p : providers) {
      names.addAll(p.catalogNames(config));
    }
    return names;
  }

  /**
   * The catalog {@code name}, opened on first use.
   *
   * @throws ConfigurationException if no provider is on the class path or none configures it
   */
  public synchronized TableCatalog catalog(String name) {
    TableCatalog c = open.get(name);
    if (c != null) {
      return c;
    }
    if (providers.isEmpty()) {
      throw new ConfigurationException(
          "No table format on the class path to open catalog '"
              + name
              + "': add frameshift-iceberg-io as a dependency");
    }
    for (TableProvider p : providers) {
      if (p.catalogNames(config).contains(name)) {
        c = p.open(name, config);
        open.put(name, c);
        return c;
      }
    }
    throw new ConfigurationException(
        "No catalog named '"
            + name
            + "'; configured catalogs: "
            + names()
            + " (configure one with frameshift.catalog."
            + name
            + ".type or .catalog-impl)");
  }

  /**
   * The table named {@code catalog.namespace.table}.
   *
   * @throws TableNotFoundException if it does not exist
   */
  public TableHandle load(String qualified) {
    Name n = Name.parse(qualified, names());
    return catalog(n.catalog()).load(n.table());
  }

  /**
   * A table name split into its catalog and the rest.
   *
   * @param catalog the catalog's name
   * @param table the name within the catalog: {@code namespace.table}
   */
  public record Name(String catalog, String table) {
    /**
     * Splits {@code catalog.namespace.table}.
     *
     * @throws TableNotFoundException if the name has fewer than three parts or its first part is no
     *     catalog (the message lists the catalogs)
     */
    public static Name parse(String qualified, java.util.Set<String> catalogs) {
      int dot = qualified.indexOf('.');
      if (dot <= 0 || qualified.indexOf('.', dot + 1) < 0 || qualified.endsWith(".")) {
        throw new TableNotFoundException(
            "Table name '"
                + qualified
                + "' must be catalog.namespace.table; catalogs: "
                + catalogs);
      }
      String catalog = qualified.substring(0, dot);
      if (!catalogs.contains(catalog)) {
        throw new TableNotFoundException(
            "Table '" + qualified + "' names catalog '" + catalog + "'; catalogs: " + catalogs);
      }
      return new Name(catalog, qualified.substring(dot + 1));
    }
  }

  @Override
  public synchronized void close() {
    RuntimeException first = null;
    for (TableCatalog c : open.values()) {
      try {
        c.close();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    open.clear();
    if (first != null) {
      throw first;
    }
  }
}
