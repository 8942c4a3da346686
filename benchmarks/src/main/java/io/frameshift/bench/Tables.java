package io.frameshift.bench;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/** Generated tables as Tablesaw tables (a missing value becomes Tablesaw's missing sentinel). */
final class Tables {
  private Tables() {}

  static Table of(Data d) {
    Table t = Table.create(d.name());
    for (Data.Col c : d.columns()) {
      t.addColumns(column(c));
    }
    return t;
  }

  private static Column<?> column(Data.Col c) {
    if (c instanceof Data.Ints i) {
      IntColumn col = IntColumn.create(i.name(), i.values().clone());
      if (i.nulls() != null) {
        for (int r = 0; r < i.nulls().length; r++) {
          if (i.nulls()[r]) {
            col.setMissing(r);
          }
        }
      }
      return col;
    }
    if (c instanceof Data.Doubles d) {
      DoubleColumn col = DoubleColumn.create(d.name(), d.values().clone());
      if (d.nulls() != null) {
        for (int r = 0; r < d.nulls().length; r++) {
          if (d.nulls()[r]) {
            col.setMissing(r);
          }
        }
      }
      return col;
    }
    Data.Strings s = (Data.Strings) c;
    StringColumn col = StringColumn.create(s.name());
    for (String v : s.values()) {
      if (v == null) {
        col.appendMissing();
      } else {
        col.append(v);
      }
    }
    return col;
  }
}
