package io.frameshift.expr;

import io.frameshift.types.TypeId;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The two text forms of an expression: the Java DSL ({@code toString}) and SQL. */
final class Printers {
  private Printers() {}

  static String dsl(Expr e) {
    return e.accept(new Dsl());
  }

  static String sql(Expr e) {
    return e.accept(new Sql());
  }

  private static String javaString(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  private static String methodName(Function f) {
    String[] parts = f.name().toLowerCase(Locale.ROOT).split("_");
    StringBuilder sb = new StringBuilder(parts[0]);
    for (int i = 1; i < parts.length; i++) {
      sb.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
    }
    return sb.toString();
  }

  private static final class Dsl implements ExprVisitor<String> {
    @Override
    public String visitColumn(Column c) {
      return "col(" + javaString(c.name()) + ")";
    }

    @Override
    public String visitLiteral(Literal l) {
      Object v = l.value();
      if (v == null) {
        return l.type() == null ? "lit(null)" : "lit(null, " + l.type() + ")";
      }
      return switch (l.type().id()) {
        case STRING -> "lit(" + javaString((String) v) + ")";
        case INT64 -> "lit(" + v + "L)";
        case FLOAT32 -> "lit(" + v + "f)";
        case DECIMAL -> "lit(new BigDecimal(\"" + ((BigDecimal) v).toPlainString() + "\"))";
        case DATE, TIMESTAMP, TIMESTAMP_NTZ ->
            "lit(" + l.type().javaClass().getSimpleName() + ".parse(\"" + v + "\"))";
        default -> "lit(" + v + ")";
      };
    }

    @Override
    public String visitCall(Call c) {
      List<Expr> a = c.args();
      return switch (c.function()) {
        case IN ->
            a.get(0).accept(this)
                + ".isIn("
                + a.subList(1, a.size()).stream()
                    .map(x -> x.accept(this))
                    .collect(Collectors.joining(", "))
                + ")";
        case CONCAT, COALESCE ->
            methodName(c.function())
                + "("
                + a.stream().map(x -> x.accept(this)).collect(Collectors.joining(", "))
                + ")";
        case CASE_WHEN -> {
          StringBuilder sb = new StringBuilder();
          for (int i = 0; i + 1 < a.size(); i += 2) {
            sb.append(i == 0 ? "when(" : ".when(")
                .append(a.get(i).accept(this))
                .append(").then(")
                .append(a.get(i + 1).accept(this))
                .append(')');
          }
          yield sb.append(".otherwise(")
              .append(a.get(a.size() - 1).accept(this))
              .append(')')
              .toString();
        }
        case LIKE, ROUND, SUBSTRING -> {
          // their extra arguments are literals the DSL takes as plain Java values
          String rest =
              a.subList(1, a.size()).stream()
                  .map(x -> x instanceof Literal l && l.value() != null ? plain(l) : x.accept(this))
                  .collect(Collectors.joining(", "));
          yield a.get(0).accept(this) + "." + methodName(c.function()) + "(" + rest + ")";
        }
        default ->
            a.get(0).accept(this)
                + "."
                + methodName(c.function())
                + "("
                + a.subList(1, a.size()).stream()
                    .map(x -> x.accept(this))
                    .collect(Collectors.joining(", "))
                + ")";
      };
    }

    private static String plain(Literal l) {
      return l.type().id() == TypeId.STRING ? javaString((String) l.value()) : l.value().toString();
    }

    @Override
    public String visitCast(Cast c) {
      return c.input().accept(this) + ".cast(" + c.type() + ")";
    }

    @Override
    public String visitAlias(Alias a) {
      return a.input().accept(this) + ".as(" + javaString(a.name()) + ")";
    }

    @Override
    public String visitAggregate(Aggregate a) {
      String name =
          switch (a.function()) {
            case COUNT_DISTINCT -> "countDistinct";
            default -> a.function().sql();
          };
      return name
          + "("
          + a.args().stream().map(x -> x.accept(this)).collect(Collectors.joining(", "))
          + ")";
    }

    @Override
    public String visitRanking(Ranking r) {
      return switch (r.function()) {
        case ROW_NUMBER -> "rowNumber()";
        case RANK -> "rank()";
        case DENSE_RANK -> "denseRank()";
        case LAG, LEAD ->
            r.function().sql()
                + "("
                + r.args().get(0).accept(this)
                + ", "
                + ((Literal) r.args().get(1)).value()
                + ", "
                + r.args().get(2).accept(this)
                + ")";
      };
    }

    @Override
    public String visitOver(Over o) {
      return o.function().accept(this) + ".over(" + o.window() + ")";
    }

    @Override
    public String visitUserCall(UserCall u) {
      return u.name()
          + ".apply("
          + u.args().stream().map(x -> x.accept(this)).collect(Collectors.joining(", "))
          + ")";
    }
  }

  private static final class Sql implements ExprVisitor<String> {
    @Override
    public String visitColumn(Column c) {
      return SqlNames.sql(c.name());
    }

    @Override
    public String visitLiteral(Literal l) {
      Object v = l.value();
      if (v == null) {
        return "NULL";
      }
      return switch (l.type().id()) {
        case STRING -> "'" + ((String) v).replace("'", "''") + "'";
        case DATE -> "DATE '" + v + "'";
        case TIMESTAMP -> "TIMESTAMP '" + v + "'";
        // the SQL standard's spelling: JSqlParser reads TIMESTAMP_NTZ '..' as a name and a string
        case TIMESTAMP_NTZ -> "TIMESTAMP WITHOUT TIME ZONE '" + v + "'";
        case BOOLEAN -> ((Boolean) v) ? "TRUE" : "FALSE";
        case DECIMAL -> ((BigDecimal) v).toPlainString();
        case INT64 -> v + "L";
        default -> v.toString();
      };
    }

    @Override
    public String visitCall(Call c) {
      List<Expr> a = c.args();
      Function f = c.function();
      if (f.isInfix()) {
        return "(" + a.get(0).accept(this) + " " + f.sql() + " " + a.get(1).accept(this) + ")";
      }
      return switch (f) {
        case NOT -> "(NOT " + a.get(0).accept(this) + ")";
        // a minus sign before a number would make a negative literal, not a negation
        case NEGATE ->
            a.get(0) instanceof Literal l && l.value() instanceof Number
                ? "(- (" + l.accept(this) + "))"
                : "(- " + a.get(0).accept(this) + ")";
        case IS_NULL, IS_NOT_NULL -> "(" + a.get(0).accept(this) + " " + f.sql() + ")";
        case LIKE -> "(" + a.get(0).accept(this) + " LIKE " + a.get(1).accept(this) + ")";
        case IN ->
            "("
                + a.get(0).accept(this)
                + " IN ("
                + a.subList(1, a.size()).stream()
                    .map(x -> x.accept(this))
                    .collect(Collectors.joining(", "))
                + "))";
        case CASE_WHEN -> {
          StringBuilder sb = new StringBuilder("CASE");
          for (int i = 0; i + 1 < a.size(); i += 2) {
            sb.append(" WHEN ")
                .append(a.get(i).accept(this))
                .append(" THEN ")
                .append(a.get(i + 1).accept(this));
          }
          yield sb.append(" ELSE ")
              .append(a.get(a.size() - 1).accept(this))
              .append(" END")
              .toString();
        }
        default ->
            f.sql()
                + "("
                + a.stream().map(x -> x.accept(this)).collect(Collectors.joining(", "))
                + ")";
      };
    }

    @Override
    public String visitCast(Cast c) {
      return "CAST(" + c.input().accept(this) + " AS " + c.type() + ")";
    }

    @Override
    public String visitAlias(Alias a) {
      return a.input().accept(this) + " AS " + a.name();
    }

    @Override
    public String visitAggregate(Aggregate a) {
      if (a.args().isEmpty()) {
        return "count(*)";
      }
      if (a.function() == AggregateFunction.COUNT_DISTINCT) {
        return "count(DISTINCT " + a.args().get(0).accept(this) + ")";
      }
      return a.function().sql()
          + "("
          + a.args().stream().map(x -> x.accept(this)).collect(Collectors.joining(", "))
          + ")";
    }

    @Override
    public String visitRanking(Ranking r) {
      return r.function().sql()
          + "("
          + r.args().stream().map(x -> x.accept(this)).collect(Collectors.joining(", "))
          + ")";
    }

    @Override
    public String visitOver(Over o) {
      StringBuilder sb = new StringBuilder(o.function().accept(this)).append(" OVER (");
      WindowSpec w = o.window();
      if (!w.partitionBy().isEmpty()) {
        sb.append("PARTITION BY ")
            .append(
                w.partitionBy().stream()
                    .map(x -> x.accept(this))
                    .collect(Collectors.joining(", ")));
      }
      if (!w.orderBy().isEmpty()) {
        if (!w.partitionBy().isEmpty()) {
          sb.append(' ');
        }
        sb.append("ORDER BY ")
            .append(
                w.orderBy().stream()
                    .map(
                        k ->
                            k.expr().accept(this)
                                + (k.ascending() ? " ASC" : " DESC")
                                + (k.nullsFirstOrder() ? " NULLS FIRST" : " NULLS LAST"))
                    .collect(Collectors.joining(", ")));
      }
      return sb.append(')').toString();
    }

    @Override
    public String visitUserCall(UserCall u) {
      return u.name()
          + "("
          + u.args().stream().map(x -> x.accept(this)).collect(Collectors.joining(", "))
          + ")";
    }
  }
}
