package io.frameshift.table;

import java.util.List;

/**
 * How a table's rows are split into partitions: {@code PartitionSpec.of(PartitionField.day("ts"),
 * PartitionField.bucket("id", 16))}. A filter on a partition's source column lets a read skip whole
 * partitions.
 *
 * @param fields the partition fields, outermost first; empty for an unpartitioned table
 */
public record PartitionSpec(List<PartitionField> fields) {
  /** An unpartitioned table. */
  public static final PartitionSpec UNPARTITIONED = new PartitionSpec(List.of());

  public PartitionSpec {
    fields = List.copyOf(fields);
  }

  public static PartitionSpec of(PartitionField... fields) {
    return new PartitionSpec(List.of(fields));
  }

  /** Partitioned by the values of these columns, as {@code write().partitionBy(..)} asks. */
  public static PartitionSpec identity(List<String> columns) {
    return new PartitionSpec(columns.stream().map(PartitionField::identity).toList());
  }

  public boolean isPartitioned() {
    return !fields.isEmpty();
  }

  @Override
  public String toString() {
    return fields.isEmpty() ? "unpartitioned" : fields.toString();
  }
}
