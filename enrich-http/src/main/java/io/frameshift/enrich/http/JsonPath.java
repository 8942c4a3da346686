package io.frameshift.enrich.http;

import io.frameshift.error.InvalidOptionException;

/**
 * The small paths a spec names a place in a JSON answer with: a JSON pointer ({@code /data/items}),
 * a dotted path ({@code data.items}, {@code $.data.items}, {@code data.0}) or the answer itself
 * ({@code ""}, {@code $}). Jackson's {@code JsonNode.at} reads the pointer form.
 */
final class JsonPath {
  private JsonPath() {}

  /** The JSON pointer of {@code path}. */
  static String pointer(String path) {
    String p = path.trim();
    if (p.isEmpty() || p.equals("$") || p.equals("/")) {
      return "";
    }
    if (p.startsWith("/")) {
      return p;
    }
    if (p.startsWith("$.")) {
      p = p.substring(2);
    } else if (p.startsWith("$")) {
      throw new InvalidOptionException(
          "path '"
              + path
              + "' is not a JSON pointer (/data/items) or a dotted path (data.items, $.data.items)");
    }
    StringBuilder sb = new StringBuilder();
    for (String part : p.split("\\.", -1)) {
      if (part.isEmpty()) {
        throw new InvalidOptionException(
            "path '" + path + "' has an empty part; expected names between dots (data.items)");
      }
      sb.append('/').append(part.replace("~", "~0").replace("/", "~1"));
    }
    return sb.toString();
  }
}
