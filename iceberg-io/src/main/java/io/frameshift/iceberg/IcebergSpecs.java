package io.frameshift.iceberg;

import io.frameshift.error.UnsupportedCapabilityException;
import io.frameshift.table.PartitionField;
import io.frameshift.table.PartitionSpec;
import java.util.ArrayList;
import java.util.List;

/** Partition specs between Frameshift's form and Iceberg's. */
final class IcebergSpecs {
  private IcebergSpecs() {}

  static org.apache.iceberg.PartitionSpec toIceberg(
      PartitionSpec spec, org.apache.iceberg.Schema schema) {
    org.apache.iceberg.PartitionSpec.Builder b =
        org.apache.iceberg.PartitionSpec.builderFor(schema);
    for (PartitionField f : spec.fields()) {
      String c = f.column();
      switch (f.transform()) {
        case IDENTITY -> b.identity(c);
        case BUCKET -> b.bucket(c, f.parameter());
        case TRUNCATE -> b.truncate(c, f.parameter());
        case YEAR -> b.year(c);
        case MONTH -> b.month(c);
        case DAY -> b.day(c);
        case HOUR -> b.hour(c);
      }
    }
    return b.build();
  }

  static PartitionSpec toFrameshift(org.apache.iceberg.PartitionSpec spec, String table) {
    List<PartitionField> out = new ArrayList<>();
    for (org.apache.iceberg.PartitionField f : spec.fields()) {
      String column = spec.schema().findColumnName(f.sourceId());
      String t = f.transform().toString();
      if (t.equals("void")) {
        continue; // a field dropped from a v1 spec: it partitions nothing
      }
      out.add(
          switch (t.contains("[") ? t.substring(0, t.indexOf('[')) : t) {
            case "identity" -> PartitionField.identity(column);
            case "bucket" -> PartitionField.bucket(column, parameter(t));
            case "truncate" -> PartitionField.truncate(column, parameter(t));
            case "year" -> PartitionField.year(column);
            case "month" -> PartitionField.month(column);
            case "day" -> PartitionField.day(column);
            case "hour" -> PartitionField.hour(column);
            default ->
                throw new UnsupportedCapabilityException(
                    "Table "
                        + table
                        + " is partitioned by "
                        + t
                        + "("
                        + column
                        + "), a transform Frameshift does not know; known: identity, bucket,"
                        + " truncate, year, month, day, hour");
          });
    }
    return new PartitionSpec(out);
  }

  private static int parameter(String transform) {
    return Integer.parseInt(
        transform.substring(transform.indexOf('[') + 1, transform.indexOf(']')));
  }
}
