package io.frameshift.pipeline;

import io.frameshift.error.InputException;
import io.frameshift.pipeline.BatchSource.Rows;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Small pieces the stream classes share. */
final class Streams {
  private Streams() {}

  /**
   * The batch number a position of an iterator or publisher source holds.
   *
   * @throws InputException when the committed position is not a number: the stream was last written
   *     by a source of another kind under the same pipeline and input
   */
  static long sequence(String position, String source) {
    try {
      return Long.parseLong(position);
    } catch (NumberFormatException e) {
      throw new InputException(
          "The last committed position '"
              + position
              + "' is not a batch number of the "
              + source
              + ": the stream was written by a source of another kind; give this one another input"
              + " name",
          e);
    }
  }

  /** Closes what a batch's rows hold (Arrow buffers) when the run will not use them. */
  static void release(Rows rows) {
    if (rows instanceof Rows.Arrow a) {
      a.batches().close();
    }
  }

  /**
   * A batch id as a file name: letters, digits, {@code .-_} kept, anything else {@code _}; when
   * something was replaced, a hash of the id follows so two ids never share a name.
   */
  static String fileName(String id) {
    StringBuilder sb = new StringBuilder(id.length());
    boolean changed = false;
    for (char c : id.toCharArray()) {
      boolean keep =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '.'
              || c == '_';
      sb.append(keep ? c : '_');
      changed |= !keep;
    }
    // a leading dot or underscore would hide the file from dataset listings
    if (sb.length() > 0 && (sb.charAt(0) == '.' || sb.charAt(0) == '_')) {
      sb.setCharAt(0, 'x');
      changed = true;
    }
    if (changed) {
      sb.append('-').append(Integer.toHexString(id.hashCode()));
    }
    return sb.toString();
  }

  /**
   * What a table commit of a stream records in the snapshot summary, as the write's {@code tag}
   * (which every engine and table operation records): the stream, the batch and the source's
   * position after it, URL-encoded as {@code stream=..&batch=..&position=..}.
   */
  record Mark(String stream, String batch, String position) {
    String toTag() {
      return "stream=" + enc(stream) + "&batch=" + enc(batch) + "&position=" + enc(position);
    }

    /** The mark a tag holds, or empty for tags of other writes. */
    static Optional<Mark> parse(String tag) {
      if (tag == null || !tag.startsWith("stream=")) {
        return Optional.empty();
      }
      Map<String, String> kv = new HashMap<>();
      for (String part : tag.split("&")) {
        int eq = part.indexOf('=');
        if (eq > 0) {
          kv.put(
              part.substring(0, eq),
              URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
      if (!kv.containsKey("stream") || !kv.containsKey("batch") || !kv.containsKey("position")) {
        return Optional.empty();
      }
      return Optional.of(new Mark(kv.get("stream"), kv.get("batch"), kv.get("position")));
    }

    private static String enc(String s) {
      return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
  }
}
