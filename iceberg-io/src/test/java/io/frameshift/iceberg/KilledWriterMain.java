package io.frameshift.iceberg;

import io.frameshift.WriteMode;
import io.frameshift.spi.TableCatalog;
import io.frameshift.spi.TableWrite;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

/**
 * Run by {@link KilledWriterTest}: appends to table {@code args[1]} of the embedded catalog in
 * folder {@code args[0]} until it is killed, each write {@link #FILES} files of {@link #ROWS} rows
 * tagged {@code w<n>}, printing {@code COMMITTED w<n>} when a commit returns.
 */
public final class KilledWriterMain {
  static final int FILES = 2;
  static final int ROWS = 5_000;

  private KilledWriterMain() {}

  public static void main(String[] args) {
    try (TableCatalog catalog =
        new IcebergTableProvider().open("lake", Map.of("frameshift.warehouse", args[0]))) {
      for (int n = 0; ; n++) {
        String id = "w" + n;
        TableWrite w = catalog.load(args[1]).newWrite(WriteMode.APPEND, Map.of("tag", id));
        List<TableWrite.WrittenFile> files = new ArrayList<>();
        for (int f = 0; f < FILES; f++) {
          List<Object[]> rows =
              LongStream.range(0, ROWS).mapToObj(i -> Lake.product(i, id, i)).toList();
          files.add(DataFiles.write(w, ((IcebergWrite) w).icebergSchema(), List.of(), rows));
        }
        w.commit(files, "test");
        System.out.println("COMMITTED " + id);
        System.out.flush();
      }
    }
  }
}
