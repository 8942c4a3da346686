package io.frameshift.expr;

import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.lit;

import io.frameshift.error.ParseException;
import io.frameshift.types.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import net.sf.jsqlparser.parser.CCJSqlParserConstants;
import net.sf.jsqlparser.parser.CCJSqlParserTokenManager;
import net.sf.jsqlparser.parser.SimpleCharStream;
import net.sf.jsqlparser.parser.StringProvider;
import net.sf.jsqlparser.parser.TokenMgrException;

/**
 * How a column name is written in SQL text so that {@link Expr#parse} reads it back: bare when the
 * parser takes it for that column wherever the SQL printer puts a name, else double-quoted. A name
 * stays bare whenever possible, since the SQL form is also the default output name ({@code (value +
 * 1)}, not {@code ("value" + 1)}).
 */
final class SqlNames {
  private static final Pattern PLAIN_IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** Above this many names the answers are no longer kept; each costs a lexer run then. */
  private static final int MAX_CACHED = 4096;

  /** Whether a name may stay bare; keywords by lower case, as the parser ignores their case. */
  private static final Map<String, Boolean> BARE = new ConcurrentHashMap<>();

  /** The name the printer is asked to write where a keyword is then tried. */
  private static final String STAND_IN = "frameshift_stand_in";

  /**
   * The places the printer puts a name, as trees over {@link #STAND_IN}, gathered as the arguments
   * of one call so that one parse tries them all: a keyword may read as a name alone and still
   * start another construct before an operator ({@code KEY +1}, {@code INTERVAL +1}) or after a
   * parenthesis ({@code (CASE <> FALSE)}).
   */
  private static final Expr CONTEXTS = contexts(col(STAND_IN));

  private static Expr contexts(Expr c) {
    Expr other = col("frameshift_other");
    List<Expr> out =
        new ArrayList<>(
            List.of(
                c,
                c.not(),
                c.negate(),
                c.isNull(),
                c.isNotNull(),
                c.isIn(1, other),
                other.isIn(c),
                c.like("a"),
                c.abs(),
                c.cast(DataType.INT64),
                Functions.when(c).then(c).otherwise(c)));
    for (Function f : Function.values()) {
      if (f.isInfix()) {
        out.add(Functions.call(f, c, lit(1)));
        out.add(Functions.call(f, c, other));
        out.add(Functions.call(f, lit(1), c));
      }
    }
    return Functions.coalesce(out.toArray());
  }

  private SqlNames() {}

  /** {@code name} as SQL text: bare, or in double quotes with inner quotes doubled. */
  static String sql(String name) {
    return isBare(name) ? name : '"' + name.replace("\"", "\"\"") + '"';
  }

  private static boolean isBare(String name) {
    if (!PLAIN_IDENTIFIER.matcher(name).matches()) {
      return false;
    }
    Boolean known = BARE.get(name);
    if (known != null) {
      return known;
    }
    boolean bare;
    if (isIdentifierToken(name)) {
      bare = true;
    } else {
      // a keyword: its case does not change how it parses
      String key = name.toLowerCase(Locale.ROOT);
      Boolean keyword = BARE.get(key);
      bare = keyword != null ? keyword : readsBackEverywhere(key);
      remember(key, bare);
    }
    remember(name, bare);
    return bare;
  }

  private static void remember(String name, boolean bare) {
    if (BARE.size() < MAX_CACHED) {
      BARE.put(name, bare);
    }
  }

  /** Whether the lexer reads {@code name} as one plain identifier (no keyword). */
  private static boolean isIdentifierToken(String name) {
    try {
      CCJSqlParserTokenManager lexer =
          new CCJSqlParserTokenManager(new SimpleCharStream(new StringProvider(name)));
      return lexer.getNextToken().kind == CCJSqlParserConstants.S_IDENTIFIER
          && lexer.getNextToken().kind == CCJSqlParserConstants.EOF;
    } catch (TokenMgrException e) {
      return false;
    }
  }

  private static boolean readsBackEverywhere(String name) {
    Expr column = col(name);
    // the stand-in is a plain identifier, printed bare and nowhere else in the text
    String sql = Printers.sql(CONTEXTS).replace(STAND_IN, name);
    Expr expected = CONTEXTS.transformUp(e -> e.equals(col(STAND_IN)) ? column : e);
    try {
      // alone, the name is also the whole text, which no argument of a call is
      return Expr.parse(name).equals(column) && Expr.parse(sql).equals(expected);
    } catch (ParseException e) {
      return false;
    }
  }
}
