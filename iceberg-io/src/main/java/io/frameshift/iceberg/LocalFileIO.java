package io.frameshift.iceberg;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.exceptions.RuntimeIOException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;
import org.apache.iceberg.io.SeekableInputStream;
import org.apache.iceberg.io.SupportsPrefixOperations;

/**
 * Iceberg's file access for the embedded catalog, whose files are all on this machine: plain
 * java.nio. Iceberg's default, {@code HadoopFileIO}, goes through Hadoop's local file system, which
 * starts a {@code chmod} process for every file it creates unless Hadoop's native library is
 * installed (an application's class path never has it) and writes a {@code .crc} checksum file
 * beside each: six processes for a commit's manifest, manifest list and metadata file, most of a
 * small append's time in a profile. Errors are Iceberg's own exceptions, as Iceberg's callers
 * expect of a {@link FileIO} ({@link NotFoundException} for a missing file is what its readers
 * catch).
 *
 * <p>Locations are paths or {@code file:} URIs; listings give them in the form of the prefix asked
 * for. Public because Iceberg instantiates it by name ({@code io-impl}), also in Spark's catalog.
 */
public final class LocalFileIO implements FileIO, SupportsPrefixOperations {
  private static final long serialVersionUID = 1L;

  private HashMap<String, String> properties = new HashMap<>();

  /** Iceberg makes file IOs by their no-argument constructor, then {@link #initialize}. */
  public LocalFileIO() {}

  @Override
  public void initialize(Map<String, String> props) {
    properties = new HashMap<>(props);
  }

  @Override
  public Map<String, String> properties() {
    return properties;
  }

  @Override
  public InputFile newInputFile(String location) {
    return new LocalInput(location, path(location), -1);
  }

  @Override
  public InputFile newInputFile(String location, long length) {
    return new LocalInput(location, path(location), length);
  }

  @Override
  public OutputFile newOutputFile(String location) {
    return new LocalOutput(location, path(location));
  }

  @Override
  public void deleteFile(String location) {
    try {
      Files.deleteIfExists(path(location));
    } catch (IOException e) {
      throw new RuntimeIOException(e, "Failed to delete file: %s", location);
    }
  }

  @Override
  public Iterable<FileInfo> listPrefix(String prefix) {
    Path root = path(prefix);
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    boolean uri = prefix.startsWith("file:");
    List<FileInfo> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
        if (a.isRegularFile()) {
          String location = uri ? "file:" + p : p.toString();
          out.add(new FileInfo(location, a.size(), a.lastModifiedTime().toMillis()));
        }
      }
    } catch (IOException | UncheckedIOException e) {
      throw new RuntimeIOException(
          e instanceof IOException io ? io : ((UncheckedIOException) e).getCause(),
          "Failed to list files under %s",
          prefix);
    }
    return out;
  }

  @Override
  public void deletePrefix(String prefix) {
    Path root = path(prefix);
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new RuntimeIOException(e, "Failed to delete the files under %s", prefix);
    }
  }

  /** The local path of a location: a path, or a {@code file:} URI. */
  static Path path(String location) {
    if (location.startsWith("file:")) {
      try {
        return Path.of(URI.create(location));
      } catch (IllegalArgumentException e) {
        // not a valid URI (a space, a bracket): the rest is the path
        return Path.of(OrphanFiles.key(location));
      }
    }
    if (location.indexOf(':') > 0 && location.indexOf(':') < location.indexOf('/')) {
      throw new IllegalArgumentException(
          "LocalFileIO reads and writes files of this machine only, not " + location);
    }
    return Path.of(location);
  }

  private record LocalInput(String location, Path path, long knownLength) implements InputFile {
    @Override
    public long getLength() {
      if (knownLength >= 0) {
        return knownLength;
      }
      try {
        return Files.size(path);
      } catch (NoSuchFileException e) {
        throw new NotFoundException(e, "File does not exist: %s", location);
      } catch (IOException e) {
        throw new RuntimeIOException(e, "Failed to get the length of %s", location);
      }
    }

    @Override
    public SeekableInputStream newStream() {
      try {
        return new ChannelInput(FileChannel.open(path, StandardOpenOption.READ));
      } catch (NoSuchFileException e) {
        throw new NotFoundException(e, "File does not exist: %s", location);
      } catch (IOException e) {
        throw new RuntimeIOException(e, "Failed to open %s", location);
      }
    }

    @Override
    public boolean exists() {
      return Files.exists(path);
    }
  }

  private record LocalOutput(String location, Path path) implements OutputFile {
    @Override
    public PositionOutputStream create() {
      return open(StandardOpenOption.CREATE_NEW);
    }

    @Override
    public PositionOutputStream createOrOverwrite() {
      return open(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    private PositionOutputStream open(StandardOpenOption... how) {
      try {
        Path parent = path.getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        List<StandardOpenOption> options = new ArrayList<>(List.of(how));
        options.add(StandardOpenOption.WRITE);
        return new CountingOutput(
            new BufferedOutputStream(
                Files.newOutputStream(path, options.toArray(StandardOpenOption[]::new)), 65536));
      } catch (FileAlreadyExistsException e) {
        throw new AlreadyExistsException(e, "File already exists: %s", location);
      } catch (IOException e) {
        throw new RuntimeIOException(e, "Failed to create %s", location);
      }
    }

    @Override
    public InputFile toInputFile() {
      return new LocalInput(location, path, -1);
    }
  }

  /** Reads at a position of its own, so a seek is a number and not a system call. */
  private static final class ChannelInput extends SeekableInputStream {
    private final FileChannel channel;
    private long pos;

    ChannelInput(FileChannel channel) {
      this.channel = channel;
    }

    @Override
    public long getPos() {
      return pos;
    }

    @Override
    public void seek(long newPos) {
      pos = newPos;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      int n = channel.read(ByteBuffer.wrap(b, off, len), pos);
      if (n > 0) {
        pos += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = Math.max(0, Math.min(n, channel.size() - pos));
      pos += skipped;
      return skipped;
    }

    @Override
    public int available() throws IOException {
      return (int) Math.min(Integer.MAX_VALUE, Math.max(0, channel.size() - pos));
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  private static final class CountingOutput extends PositionOutputStream {
    private final OutputStream out;
    private long pos;

    CountingOutput(OutputStream out) {
      this.out = out;
    }

    @Override
    public long getPos() {
      return pos;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      pos++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      pos += len;
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}
