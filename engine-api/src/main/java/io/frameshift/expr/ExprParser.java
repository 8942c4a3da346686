package io.frameshift.expr;

import io.frameshift.error.ParseException;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserConstants;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.Token;
import net.sf.jsqlparser.parser.TokenMgrException;
import net.sf.jsqlparser.parser.feature.Feature;

/**
 * Parses the SQL form of an expression into an {@link Expr} tree: JSqlParser reads the text and
 * {@link SqlTranslator} maps its syntax tree onto the records the DSL builds.
 */
final class ExprParser {
  /** Above this many expected tokens the list is noise (any expression could start there). */
  private static final int MAX_EXPECTED_SHOWN = 8;

  /** JSqlParser's lexer reports its position only inside the message text. */
  private static final Pattern LEXER_POSITION = Pattern.compile("line (\\d+), column (\\d+)");

  private ExprParser() {}

  static Expr parse(String sql) {
    return parse(sql, Set.of());
  }

  static Expr parse(String sql, Set<String> qualifiers) {
    if (sql == null || sql.isBlank()) {
      throw new ParseException(
          "Cannot parse "
              + (sql == null ? "a null" : "a blank")
              + " expression: expected a condition or expression such as \"amount > 0\"");
    }
    return new SqlTranslator(sql, qualifiers).translate(syntaxTree(sql));
  }

  /**
   * Does what {@code CCJSqlParserUtil.parseCondExpression(sql, false)} does (a fast pass, then a
   * pass that allows complex constructs when nesting is shallow enough to keep it fast), but keeps
   * the position of every failure: the utility reports trailing input without one.
   */
  private static Expression syntaxTree(String sql) {
    ParseException error = null;
    for (boolean complex : new boolean[] {false, true}) {
      CCJSqlParser parser = CCJSqlParserUtil.newParser(sql).withAllowComplexParsing(complex);
      if (complex
          && CCJSqlParserUtil.getNestingDepth(sql) > parser.getAsInt(Feature.allowedNestingDepth)) {
        break;
      }
      try {
        Expression tree = parser.Expression();
        Token next = parser.getNextToken();
        if (next.kind == CCJSqlParserConstants.EOF) {
          return tree;
        }
        error =
            failure(sql, next.beginLine, next.beginColumn, "unexpected " + describe(next), null);
      } catch (net.sf.jsqlparser.parser.ParseException e) {
        error = syntaxError(sql, e, parser);
      } catch (TokenMgrException e) {
        error = lexicalError(sql, e);
      } catch (RuntimeException e) {
        // the grammar's own actions throw too, e.g. on a quoted name with three or more dots,
        // which JSqlParser takes for catalog.schema.table.column
        String message = String.valueOf(e.getMessage());
        throw failure(
            sql,
            0,
            0,
            message.startsWith("Invalid column name")
                ? message
                    + "; a quoted name in SQL text may hold at most two dots, name the"
                    + " column with col(..) instead"
                : "the SQL parser failed: " + message,
            e);
      }
    }
    throw error;
  }

  /** The one shape of every parse failure: the input, the position when known, the fault. */
  static ParseException failure(String sql, int line, int column, String detail, Throwable cause) {
    String where = line > 0 ? " at line " + line + ", column " + column : "";
    return new ParseException(
        "Cannot parse expression '" + sql + "'" + where + ": " + detail, cause);
  }

  private static ParseException syntaxError(
      String sql, net.sf.jsqlparser.parser.ParseException e, CCJSqlParser parser) {
    // currentToken is the last token read; the one at fault follows it. Errors the grammar raises
    // by hand have no currentToken: the parser's look-ahead token is then the one at fault.
    Token at =
        e.currentToken != null && e.currentToken.next != null
            ? e.currentToken.next
            : parser.getToken(1);
    StringBuilder detail = new StringBuilder("unexpected ").append(describe(at));
    Set<String> expected = expected(e);
    if (!expected.isEmpty() && expected.size() <= MAX_EXPECTED_SHOWN) {
      detail.append("; expected ").append(String.join(" or ", expected));
    }
    // JavaCC places the end-of-input token on the last character; the fault is just after it
    boolean atEnd = at.kind == CCJSqlParserConstants.EOF && e.currentToken != null;
    return atEnd
        ? failure(sql, e.currentToken.endLine, e.currentToken.endColumn + 1, detail.toString(), e)
        : failure(sql, at.beginLine, at.beginColumn, detail.toString(), e);
  }

  private static Set<String> expected(net.sf.jsqlparser.parser.ParseException e) {
    Set<String> out = new LinkedHashSet<>();
    if (e.expectedTokenSequences == null || e.tokenImage == null) {
      return out;
    }
    for (int[] sequence : e.expectedTokenSequences) {
      StringBuilder images = new StringBuilder();
      for (int kind : sequence) {
        if (kind == CCJSqlParserConstants.K_EXISTS) {
          // where any operand may start, JavaCC names only the last alternative it tried
          return Set.of("an expression");
        }
        images.append(images.length() == 0 ? "" : " ").append(image(e.tokenImage[kind]));
      }
      out.add(images.toString());
    }
    return out;
  }

  /** A token as the user writes it: JSqlParser names keywords {@code <K_AND>}, not {@code AND}. */
  private static String image(String tokenImage) {
    return switch (tokenImage) {
      case "<OPENING_BRACKET>" -> "'('";
      case "<CLOSING_BRACKET>" -> "')'";
      case "<K_COMMA>" -> "','";
      default -> {
        if (tokenImage.startsWith("<K_") && tokenImage.endsWith(">")) {
          yield tokenImage.substring(3, tokenImage.length() - 1);
        }
        if (tokenImage.length() >= 2 && tokenImage.startsWith("\"") && tokenImage.endsWith("\"")) {
          yield "'" + tokenImage.substring(1, tokenImage.length() - 1) + "'";
        }
        yield tokenImage;
      }
    };
  }

  private static ParseException lexicalError(String sql, TokenMgrException e) {
    String message = String.valueOf(e.getMessage());
    Matcher m = LEXER_POSITION.matcher(message);
    if (!m.find()) {
      return failure(sql, 0, 0, "lexical error: " + message, e);
    }
    String detail = message.substring(m.end()).replaceFirst("^\\.\\s*", "");
    return failure(
        sql,
        Integer.parseInt(m.group(1)),
        Integer.parseInt(m.group(2)),
        "lexical error: " + detail,
        e);
  }

  private static String describe(Token t) {
    return t.kind == CCJSqlParserConstants.EOF ? "end of input" : "'" + t.image + "'";
  }
}
