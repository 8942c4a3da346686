package io.frameshift.local.format;

import io.frameshift.spi.Progress;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * An input stream that reports the bytes read through it to a {@link Progress}, once per buffer its
 * reader fills (rows are counted by the reader, later): how the sequential text readers report a
 * read as they consume a file.
 */
final class CountingInput extends FilterInputStream {
  private final Progress progress;

  CountingInput(InputStream in, Progress progress) {
    super(in);
    this.progress = progress;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      progress.advance(-1, 1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      progress.advance(-1, n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(n);
    if (skipped > 0) {
      progress.advance(-1, skipped);
    }
    return skipped;
  }
}
