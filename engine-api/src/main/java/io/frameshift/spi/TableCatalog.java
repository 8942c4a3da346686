package io.frameshift.spi;

import io.frameshift.table.PartitionSpec;
import io.frameshift.types.Schema;
import java.util.List;
import java.util.Map;

/**
 * One open catalog of tables. Table names here are relative to the catalog: {@code
 * namespace.table}, with nested namespaces separated by dots. Every call reads the catalog's
 * current state (no caching), so a commit by another engine or process is seen at once.
 */
public interface TableCatalog extends AutoCloseable {
  /** The catalog's name in the session's settings. */
  String name();

  /** The namespaces, nested ones dotted. */
  List<String> namespaces();

  /** Creates the namespace (and its parents) if absent. */
  void createNamespace(String namespace);

  /**
   * The tables of a namespace, as {@code namespace.table}.
   *
   * @throws io.frameshift.error.TableNotFoundException if the namespace does not exist (the message
   *     lists the namespaces)
   */
  List<String> tables(String namespace);

  boolean exists(String table);

  /**
   * Creates a table, and its namespace if absent.
   *
   * @throws io.frameshift.error.OutputExistsException if the table exists
   * @throws io.frameshift.error.ColumnNotFoundException if a partition field names no column
   */
  TableHandle create(
      String table, Schema schema, PartitionSpec spec, Map<String, String> properties);

  /**
   * The table.
   *
   * @throws io.frameshift.error.TableNotFoundException if it does not exist (the message lists the
   *     tables of its namespace)
   */
  TableHandle load(String table);

  /** Drops the table, and with {@code purge} its files; false if it did not exist. */
  boolean drop(String table, boolean purge);

  @Override
  void close();
}
