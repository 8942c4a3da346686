package io.frameshift;

import io.frameshift.spi.TableCatalog;
import io.frameshift.table.PartitionSpec;
import io.frameshift.types.Schema;
import java.util.List;
import java.util.Map;

/**
 * A catalog of tables, as the session's {@code frameshift.catalog.NAME.*} settings configure it:
 * {@code fs.catalog("lake").tables("shop")}. Names here are relative to the catalog ({@code
 * namespace.table}); {@link Frameshift#table(String)} and {@code read().table(..)} take the full
 * name {@code catalog.namespace.table}.
 */
public final class Catalog {
  private final Frameshift session;
  private final TableCatalog catalog;

  Catalog(Frameshift session, TableCatalog catalog) {
    this.session = session;
    this.catalog = catalog;
  }

  public String name() {
    return catalog.name();
  }

  /** The namespaces, nested ones dotted. */
  public List<String> namespaces() {
    return catalog.namespaces();
  }

  /** Creates the namespace (and its parents) if absent. */
  public void createNamespace(String namespace) {
    catalog.createNamespace(namespace);
  }

  /**
   * The tables of a namespace, as {@code namespace.table}.
   *
   * @throws io.frameshift.error.TableNotFoundException if the namespace does not exist
   */
  public List<String> tables(String namespace) {
    return catalog.tables(namespace);
  }

  public boolean exists(String table) {
    return catalog.exists(table);
  }

  /** Creates an unpartitioned table (and its namespace if absent). */
  public Table createTable(String table, Schema schema) {
    return createTable(table, schema, PartitionSpec.UNPARTITIONED, Map.of());
  }

  /**
   * Creates a table (and its namespace if absent).
   *
   * @param properties the table format's table properties
   * @throws io.frameshift.error.OutputExistsException if the table exists
   */
  public Table createTable(
      String table, Schema schema, PartitionSpec spec, Map<String, String> properties) {
    return new Table(session, catalog.create(table, schema, spec, properties));
  }

  /**
   * The table {@code namespace.table}.
   *
   * @throws io.frameshift.error.TableNotFoundException if it does not exist (the message lists the
   *     namespace's tables)
   */
  public Table table(String table) {
    return new Table(session, catalog.load(table));
  }

  /** Drops the table, keeping its files; false if it did not exist. */
  public boolean dropTable(String table) {
    return catalog.drop(table, false);
  }

  /** Drops the table and deletes its files; false if it did not exist. */
  public boolean purgeTable(String table) {
    return catalog.drop(table, true);
  }

  @Override
  public String toString() {
    return "Catalog " + name();
  }
}
