package io.frameshift.iceberg;

/**
 * Iceberg's registry of file-format readers and writers, made usable without Spark. On first use it
 * registers the object models of every engine module on the class path; this module brings
 * Iceberg's Spark module (for Spark sessions), whose registration fails without Spark's classes and
 * takes the whole registry down with it (generic reads and delete files then fail with {@code
 * NoClassDefFoundError: InternalRow}). Where Spark is absent, the registry is initialised with
 * Iceberg's Spark classes hidden from the loader it looks them up with, so it skips them as it
 * skips any module that is not there.
 */
final class IcebergFormats {
  private static volatile boolean ready;

  private IcebergFormats() {}

  static void init() {
    if (ready) {
      return;
    }
    synchronized (IcebergFormats.class) {
      if (ready) {
        return;
      }
      ClassLoader own = IcebergFormats.class.getClassLoader();
      Thread thread = Thread.currentThread();
      ClassLoader previous = thread.getContextClassLoader();
      boolean spark = present("org.apache.spark.sql.catalyst.InternalRow", own);
      if (!spark) {
        thread.setContextClassLoader(new WithoutSpark(previous != null ? previous : own));
      }
      try {
        Class.forName("org.apache.iceberg.formats.FormatModelRegistry", true, own);
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException("iceberg-core is not on the class path", e);
      } finally {
        thread.setContextClassLoader(previous);
      }
      ready = true;
    }
  }

  private static boolean present(String name, ClassLoader loader) {
    try {
      Class.forName(name, false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** A loader that does not find Iceberg's Spark classes. */
  private static final class WithoutSpark extends ClassLoader {
    WithoutSpark(ClassLoader parent) {
      super(parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (name.startsWith("org.apache.iceberg.spark.")) {
        throw new ClassNotFoundException(name + " (Spark is not on the class path)");
      }
      return super.loadClass(name, resolve);
    }
  }
}
