package io.frameshift.iceberg;

import io.frameshift.error.ColumnNotFoundException;
import io.frameshift.error.OutputExistsException;
import io.frameshift.error.TableNotFoundException;
import io.frameshift.spi.TableCatalog;
import io.frameshift.spi.TableHandle;
import io.frameshift.table.PartitionField;
import io.frameshift.table.PartitionSpec;
import io.frameshift.types.Schema;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One open Iceberg catalog. Every call asks the catalog (no table cache). */
final class IcebergCatalog implements TableCatalog {
  private static final Logger LOG = LoggerFactory.getLogger(IcebergCatalog.class);

  /**
   * Iceberg's own retries of a conflicting commit for the tables Frameshift creates (its default,
   * 4, lost 1 of 151 concurrent appends in a trial); Spark's commits rely on it alone.
   */
  static final String TABLE_COMMIT_RETRIES = "10";

  private final String name;
  private final Catalog catalog;
  private final int commitRetries;

  IcebergCatalog(String name, Catalog catalog, int commitRetries) {
    this.name = name;
    this.catalog = catalog;
    this.commitRetries = commitRetries;
  }

  @Override
  public String name() {
    return name;
  }

  private SupportsNamespaces namespaces(String what) {
    if (catalog instanceof SupportsNamespaces n) {
      return n;
    }
    throw new io.frameshift.error.UnsupportedCapabilityException(
        "Catalog '" + name + "' (" + catalog.getClass().getSimpleName() + ") cannot " + what);
  }

  @Override
  public List<String> namespaces() {
    SupportsNamespaces ns = namespaces("list namespaces");
    List<String> out = new ArrayList<>();
    collect(ns, Namespace.empty(), out);
    out.sort(null);
    return out;
  }

  private static void collect(SupportsNamespaces ns, Namespace parent, List<String> out) {
    for (Namespace n : ns.listNamespaces(parent)) {
      out.add(n.toString());
      try {
        collect(ns, n, out);
      } catch (RuntimeException e) {
        // catalogs without nested namespaces refuse to list below a level: nothing more there
      }
    }
  }

  @Override
  public void createNamespace(String namespace) {
    SupportsNamespaces ns = namespaces("create namespaces");
    String[] levels = Namespace.of(namespace.split("\\.")).levels();
    for (int i = 1; i <= levels.length; i++) {
      Namespace n = Namespace.of(Arrays.copyOf(levels, i));
      if (!ns.namespaceExists(n)) {
        try {
          ns.createNamespace(n);
        } catch (AlreadyExistsException e) {
          // made meanwhile by another writer: as wanted
        }
      }
    }
  }

  @Override
  public List<String> tables(String namespace) {
    Namespace ns = Namespace.of(namespace.split("\\."));
    try {
      return catalog.listTables(ns).stream().map(TableIdentifier::toString).sorted().toList();
    } catch (NoSuchNamespaceException e) {
      throw new TableNotFoundException(
          "Namespace '"
              + namespace
              + "' does not exist in catalog "
              + name
              + "; namespaces: "
              + namespacesOrNone());
    }
  }

  private String namespacesOrNone() {
    try {
      return namespaces().toString();
    } catch (RuntimeException e) {
      return "(cannot be listed)";
    }
  }

  @Override
  public boolean exists(String table) {
    return catalog.tableExists(id(table));
  }

  @Override
  public TableHandle create(
      String table, Schema schema, PartitionSpec spec, Map<String, String> properties) {
    TableIdentifier id = id(table);
    for (PartitionField f : spec.fields()) {
      if (!schema.contains(f.column())) {
        throw new ColumnNotFoundException(
            f.column(),
            schema.names(),
            "Partition field " + f + " of table " + name + "." + table + " names no column");
      }
    }
    if (catalog instanceof SupportsNamespaces) {
      createNamespace(id.namespace().toString());
    }
    org.apache.iceberg.Schema iceberg = IcebergTypes.toIceberg(schema);
    Map<String, String> props = new LinkedHashMap<>();
    props.put(TableProperties.COMMIT_NUM_RETRIES, TABLE_COMMIT_RETRIES);
    props.putAll(properties);
    try {
      Table t =
          catalog
              .buildTable(id, iceberg)
              .withPartitionSpec(IcebergSpecs.toIceberg(spec, iceberg))
              .withProperties(props)
              .create();
      LOG.info("Created table {}.{} {} partitioned {}", name, table, schema, spec);
      return new IcebergTable(this, table, t);
    } catch (AlreadyExistsException e) {
      throw new OutputExistsException(
          "Table " + name + "." + table + " exists; write with mode APPEND or OVERWRITE", e);
    }
  }

  @Override
  public TableHandle load(String table) {
    return new IcebergTable(this, table, loadIceberg(table));
  }

  Table loadIceberg(String table) {
    TableIdentifier id = id(table);
    try {
      return catalog.loadTable(id);
    } catch (NoSuchTableException e) {
      String known;
      try {
        known = "tables of namespace " + id.namespace() + ": " + tables(id.namespace().toString());
      } catch (TableNotFoundException missing) {
        known =
            "namespace " + id.namespace() + " does not exist; namespaces: " + namespacesOrNone();
      }
      throw new TableNotFoundException(
          "Table " + name + "." + table + " does not exist; " + known, e);
    }
  }

  @Override
  public boolean drop(String table, boolean purge) {
    boolean dropped = catalog.dropTable(id(table), purge);
    if (dropped) {
      LOG.info("Dropped table {}.{}{}", name, table, purge ? " and its files" : "");
    }
    return dropped;
  }

  /** {@code namespace.table} as an identifier; at least two parts. */
  TableIdentifier id(String table) {
    String[] parts = table.split("\\.");
    if (parts.length < 2 || Arrays.stream(parts).anyMatch(String::isEmpty)) {
      throw new TableNotFoundException(
          "Table name '"
              + table
              + "' in catalog "
              + name
              + " must be namespace.table (nested namespaces dotted)");
    }
    return TableIdentifier.of(parts);
  }

  int commitRetries() {
    return commitRetries;
  }

  @Override
  public void close() {
    if (catalog instanceof Closeable c) {
      try {
        c.close();
      } catch (IOException e) {
        LOG.warn("Closing catalog {}: {}", name, e.toString());
      }
    }
  }
}
