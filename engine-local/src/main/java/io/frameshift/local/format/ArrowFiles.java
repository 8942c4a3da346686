package io.frameshift.local.format;

import io.frameshift.arrow.ArrowBatches;
import io.frameshift.arrow.ArrowIpc;
import io.frameshift.arrow.ArrowMemory;
import io.frameshift.error.InputException;
import io.frameshift.io.Datasets;
import io.frameshift.io.Source;
import io.frameshift.local.ArrowExport;
import io.frameshift.local.ArrowImport;
import io.frameshift.local.LocalFrame;
import io.frameshift.spi.Progress;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The local engine's Arrow IPC load/save format: a dataset is a single IPC file or a directory of
 * part files, each read with {@link ArrowIpc}.
 */
final class ArrowFiles {
  // ---- IPC load and save ------------------------------------------------------------------------

  /** The schema of the first file of an Arrow dataset. */
  static Schema inferSchema(Source source) {
    List<Path> files = DatasetFiles.list(source.paths(), "Arrow");
    if (files.isEmpty()) {
      throw new InputException(
          "No Arrow files in " + source.paths() + "; there is no schema to infer, give one");
    }
    try (BufferAllocator allocator = ArrowMemory.child("local-arrow-schema");
        ArrowBatches batches = ArrowIpc.read(files.get(0), allocator)) {
      return batches.schema();
    }
  }

  /**
   * Reads every file of an Arrow dataset with exactly the source's schema: columns are found by
   * name and must have the schema's types. Each batch's rows and buffer bytes are reported to
   * {@code progress} as it is imported, and the rest of its file's size (framing, footer) when the
   * file is done, so the bytes reported add up to the files' sizes.
   */
  static LocalFrame load(Source source, Progress progress) {
    Schema schema = source.schema();
    ArrowImport.Importer importer = new ArrowImport.Importer(schema);
    try (BufferAllocator allocator = ArrowMemory.child("local-arrow-read")) {
      for (Datasets.DataFile file : DatasetFiles.files(source.paths(), "Arrow")) {
        long reported = 0;
        try (ArrowBatches batches = ArrowIpc.read(file.path(), allocator)) {
          int[] from = columnsOf(schema, batches.schema(), file.path());
          for (VectorSchemaRoot b = batches.next(); b != null; b = batches.next()) {
            try (VectorSchemaRoot root = b) {
              importer.add(root, from, "Arrow file " + file.path());
              long bytes = 0;
              for (FieldVector v : root.getFieldVectors()) {
                bytes += v.getBufferSize();
              }
              bytes = Math.min(bytes, file.size() - reported);
              reported += bytes;
              progress.advance(root.getRowCount(), bytes);
            }
          }
        }
        progress.advance(-1, file.size() - reported);
      }
    }
    return importer.finish();
  }

  private static int[] columnsOf(Schema wanted, Schema file, Path path) {
    int[] from = new int[wanted.size()];
    for (int c = 0; c < from.length; c++) {
      Field f = wanted.field(c);
      if (!file.contains(f.name())) {
        throw new InputException(
            "Arrow file " + path + " has no column '" + f.name() + "'; its columns are " + file);
      }
      from[c] = file.indexOf(f.name());
      DataType found = file.field(from[c]).type();
      if (!found.equals(f.type())) {
        throw new InputException(
            "Column '"
                + f.name()
                + "' of Arrow file "
                + path
                + " is "
                + found
                + ", not "
                + f.type()
                + " as the schema asks; read it as "
                + found
                + " and cast it");
      }
    }
    return from;
  }

  /** Writes one IPC part file of the frame. */
  static void write(LocalFrame frame, Path file) {
    try (ArrowBatches batches = ArrowExport.export(frame)) {
      ArrowIpc.write(batches, file, false);
    }
  }

  private ArrowFiles() {}
}
