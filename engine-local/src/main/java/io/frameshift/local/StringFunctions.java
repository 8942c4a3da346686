package io.frameshift.local;

import io.frameshift.error.EvaluationException;
import io.frameshift.types.DataType;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/** String kernels: positions and lengths count code points; case mapping is locale-independent. */
final class StringFunctions {
  private StringFunctions() {}

  static Vec map(Vec a, UnaryOperator<String> fn) {
    int n = a.size();
    String[] out = new String[n];
    for (int i = 0; i < n; i++) {
      out[i] = a.isNull(i) ? null : fn.apply(a.str(i));
    }
    return Vec.ofStrings(out);
  }

  static Vec lower(Vec a) {
    return map(a, s -> s.toLowerCase(Locale.ROOT));
  }

  static Vec upper(Vec a) {
    return map(a, s -> s.toUpperCase(Locale.ROOT));
  }

  /** Removes leading and trailing U+0020 only, as SQL's TRIM (not Java's whitespace set). */
  static Vec trim(Vec a) {
    return map(a, StringFunctions::trimSpaces);
  }

  static String trimSpaces(String s) {
    int b = 0;
    int e = s.length();
    while (b < e && s.charAt(b) == ' ') {
      b++;
    }
    while (e > b && s.charAt(e - 1) == ' ') {
      e--;
    }
    return s.substring(b, e);
  }

  static Vec length(Vec a) {
    int n = a.size();
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      if (!a.isNull(i)) {
        String s = a.str(i);
        out[i] = s.codePointCount(0, s.length());
      }
    }
    return Vec.ofInts(DataType.INT32, out, a.nulls());
  }

  static Vec substring(Vec s, Vec pos, Vec len) {
    int n = s.size();
    String[] out = new String[n];
    for (int i = 0; i < n; i++) {
      if (!s.isNull(i) && !pos.isNull(i) && !len.isNull(i)) {
        out[i] = substring(s.str(i), pos.i32(i), len.i32(i));
      }
    }
    return Vec.ofStrings(out);
  }

  /**
   * SQL {@code substring(s, pos, len)} over code points: 1-based, 0 acts as 1, a negative position
   * counts from the end, a negative length gives ''; the window is clipped to the string.
   */
  static String substring(String s, int pos, int len) {
    int cps = s.codePointCount(0, s.length());
    int start = pos > 0 ? pos - 1 : pos < 0 ? cps + pos : 0;
    long end = Math.min((long) start + len, cps);
    start = Math.max(start, 0);
    if (start >= end) {
      return "";
    }
    int from = s.offsetByCodePoints(0, start);
    int to = s.offsetByCodePoints(from, (int) end - start);
    return s.substring(from, to);
  }

  /** Which of the two-string predicates to test. */
  enum Match {
    STARTS_WITH,
    ENDS_WITH,
    CONTAINS
  }

  static Vec match(Match kind, Vec a, Vec b) {
    int n = a.size();
    long[] nulls = Bits.or(a.nulls(), b.nulls());
    boolean[] out = new boolean[n];
    for (int i = 0; i < n; i++) {
      if (!Bits.get(nulls, i)) {
        String s = a.str(i);
        String t = b.str(i);
        out[i] =
            switch (kind) {
              case STARTS_WITH -> s.startsWith(t);
              case ENDS_WITH -> s.endsWith(t);
              case CONTAINS -> s.contains(t);
            };
      }
    }
    return Vec.ofBooleans(out, nulls);
  }

  /**
   * {@code a LIKE pattern}: {@code compiled} is the pattern when it is a literal (compiled once by
   * the caller), else null and each distinct pattern of {@code pattern} is compiled once.
   */
  static Vec like(Vec a, Vec pattern, Pattern compiled) {
    int n = a.size();
    long[] nulls = Bits.or(a.nulls(), pattern.nulls());
    boolean[] out = new boolean[n];
    Map<String, Pattern> cache = compiled == null ? new HashMap<>() : null;
    for (int i = 0; i < n; i++) {
      if (!Bits.get(nulls, i)) {
        Pattern p =
            compiled != null
                ? compiled
                : cache.computeIfAbsent(pattern.str(i), StringFunctions::likePattern);
        out[i] = p.matcher(a.str(i)).matches();
      }
    }
    return Vec.ofBooleans(out, nulls);
  }

  /**
   * Compiles a LIKE pattern: {@code %} any run, {@code _} exactly one character (code point),
   * {@code \} makes the next character literal; everything else is literal.
   */
  static Pattern likePattern(String like) {
    StringBuilder regex = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < like.length()) {
      int cp = like.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == '\\') {
        if (i >= like.length()) {
          throw new EvaluationException(
              "LIKE pattern '"
                  + like
                  + "' ends with the escape character \\; use \\\\ for a"
                  + " literal backslash");
        }
        int next = like.codePointAt(i);
        i += Character.charCount(next);
        literal.appendCodePoint(next);
      } else if (cp == '%' || cp == '_') {
        flush(regex, literal);
        regex.append(cp == '%' ? ".*" : ".");
      } else {
        literal.appendCodePoint(cp);
      }
    }
    flush(regex, literal);
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }

  private static void flush(StringBuilder regex, StringBuilder literal) {
    if (literal.length() > 0) {
      regex.append(Pattern.quote(literal.toString()));
      literal.setLength(0);
    }
  }

  /** {@code concat}: null when any argument is null. */
  static Vec concat(List<Vec> args, int n) {
    String[] out = new String[n];
    StringBuilder sb = new StringBuilder();
    rows:
    for (int i = 0; i < n; i++) {
      sb.setLength(0);
      for (Vec v : args) {
        if (v.isNull(i)) {
          continue rows;
        }
        sb.append(v.str(i));
      }
      out[i] = sb.toString();
    }
    return Vec.ofStrings(out);
  }
}
