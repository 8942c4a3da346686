package io.frameshift;

import static io.frameshift.expr.Functions.col;
import static io.frameshift.expr.Functions.lit;

import io.frameshift.error.AnalysisException;
import io.frameshift.error.ColumnNotFoundException;
import io.frameshift.error.TypeMismatchException;
import io.frameshift.expr.Column;
import io.frameshift.expr.Expr;
import io.frameshift.internal.Analyzer;
import io.frameshift.spi.MergeInto;
import io.frameshift.spi.TableHandle;
import io.frameshift.types.DataType;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A merge with its names resolved: the target's columns keep their names, the source's are renamed
 * {@code source.<name>} ({@link MergeInto#SOURCE}), so one frame or join holds both sides without a
 * clash, and every expression is checked against both before any engine runs.
 *
 * @param target the table's schema
 * @param source the source frame, its columns renamed
 * @param input the target's columns, then the renamed source's
 * @param condition the match condition over {@code input}, as the DataFrame API takes it
 * @param resolvedCondition the same, analysed (types coerced), as engines take it
 * @param clauses the clauses over {@code input}, assignments cast to their columns' types
 * @param resolvedClauses the same, analysed
 * @param operation what the merge is, for the snapshot summary
 */
record MergePlan(
    Schema target,
    DataFrame source,
    Schema input,
    Expr condition,
    Expr resolvedCondition,
    List<MergeInto.Clause> clauses,
    List<MergeInto.Clause> resolvedClauses,
    String operation) {

  static MergePlan of(
      TableHandle table,
      DataFrame source,
      Expr condition,
      List<TableMerge.Clause> clauses,
      String operation) {
    String name = table.name();
    Schema target = table.schema();
    Schema src = source.schema();
    for (String c : target.names()) {
      if (c.startsWith(MergeInto.SOURCE)) {
        throw new AnalysisException(
            "Table "
                + name
                + " has a column named '"
                + c
                + "', which a merge reads as a source column; rename it to merge into the table");
      }
    }
    List<Field> fields = new ArrayList<>(target.fields());
    List<Expr> renamed = new ArrayList<>();
    for (Field f : src.fields()) {
      fields.add(f.withName(MergeInto.SOURCE + f.name()));
      renamed.add(col(f.name()).as(MergeInto.SOURCE + f.name()));
    }
    Schema input = Schema.of(fields);
    Names names = new Names(name, target, src);
    Expr on = names.resolve(condition, true, "the merge condition");
    Expr resolvedOn = condition(on, input, "merge condition");
    List<MergeInto.Clause> out = new ArrayList<>();
    List<MergeInto.Clause> resolved = new ArrayList<>();
    for (TableMerge.Clause c : clauses) {
      boolean matched = c.kind() != TableMerge.Kind.INSERT;
      String what = clauseName(c);
      Expr when =
          c.when() == null
              ? lit(true)
              : names.resolve(c.when(), matched, "the condition of " + what);
      Expr resolvedWhen = condition(when, input, "condition of " + what);
      switch (c.kind()) {
        case DELETE -> {
          out.add(new MergeInto.Delete(when));
          resolved.add(new MergeInto.Delete(resolvedWhen));
        }
        case UPDATE -> {
          Map<String, Expr> set =
              c.all() ? names.all(what) : names.assignments(c.values(), true, what);
          out.add(new MergeInto.Update(when, set));
          resolved.add(new MergeInto.Update(resolvedWhen, resolveAll(set, input)));
        }
        case INSERT -> {
          Map<String, Expr> values =
              c.all() ? names.all(what) : names.assignments(c.values(), false, what);
          for (Field f : target.fields()) {
            if (!values.containsKey(f.name())) {
              if (!f.nullable()) {
                throw new ColumnNotFoundException(
                    f.name(),
                    new ArrayList<>(values.keySet()),
                    "Table "
                        + name
                        + " requires column '"
                        + f.name()
                        + "', which "
                        + what
                        + " lacks");
              }
              values.put(f.name(), lit(null, f.type()));
            }
          }
          out.add(new MergeInto.Insert(when, values));
          resolved.add(new MergeInto.Insert(resolvedWhen, resolveAll(values, input)));
        }
      }
    }
    DataFrame renamedSource = source.select(renamed.toArray(Expr[]::new));
    return new MergePlan(target, renamedSource, input, on, resolvedOn, out, resolved, operation);
  }

  private static String clauseName(TableMerge.Clause c) {
    return switch (c.kind()) {
      case UPDATE -> c.all() ? "whenMatchedUpdateAll" : "whenMatchedUpdate";
      case DELETE -> "whenMatchedDelete";
      case INSERT -> c.all() ? "whenNotMatchedInsertAll" : "whenNotMatchedInsert";
    };
  }

  private static Expr condition(Expr e, Schema input, String what) {
    Expr r = Analyzer.resolveScalar(e, input);
    DataType t = Analyzer.typeOf(r, input);
    if (!t.equals(DataType.BOOLEAN)) {
      throw new TypeMismatchException(
          "The " + what + " " + e.toSql() + " is " + t + "; it must be a BOOLEAN condition");
    }
    return r;
  }

  private static Map<String, Expr> resolveAll(Map<String, Expr> values, Schema input) {
    Map<String, Expr> out = new LinkedHashMap<>();
    values.forEach((k, v) -> out.put(k, Analyzer.resolveScalar(v, input)));
    return out;
  }

  /** Whether the merge is an upsert: rows matched on same-named keys replaced, the rest added. */
  List<String> replaceKeys() {
    if (clauses.size() != 2
        || !(clauses.get(0) instanceof MergeInto.Update u)
        || !(clauses.get(1) instanceof MergeInto.Insert i)
        || !u.when().equals(lit(true))
        || !i.when().equals(lit(true))
        || !u.set().equals(i.values())) {
      return List.of();
    }
    List<String> keys = new ArrayList<>();
    for (Expr c : conjuncts(condition)) {
      if (!(c instanceof io.frameshift.expr.Call call
          && call.function() == io.frameshift.expr.Function.EQ
          && call.arg(0) instanceof Column t
          && call.arg(1) instanceof Column s
          && s.name().equals(MergeInto.SOURCE + t.name())
          && target.contains(t.name()))) {
        return List.of();
      }
      keys.add(t.name());
    }
    // every column from the source's column of its name: the source row replaces the table row
    for (Field f : target.fields()) {
      Expr v = u.set().get(f.name());
      Expr plain = col(MergeInto.SOURCE + f.name());
      if (v == null || !(v.equals(plain) || v.equals(plain.cast(f.type())) || isNull(v))) {
        return List.of();
      }
    }
    return keys;
  }

  private static boolean isNull(Expr v) {
    return v instanceof io.frameshift.expr.Literal l && l.value() == null;
  }

  static List<Expr> conjuncts(Expr e) {
    if (e instanceof io.frameshift.expr.Call c && c.function() == io.frameshift.expr.Function.AND) {
      List<Expr> out = new ArrayList<>();
      for (Expr a : c.args()) {
        out.addAll(conjuncts(a));
      }
      return out;
    }
    return List.of(e);
  }

  /** How a merge's names read: qualified by side, or plain when one side has them. */
  private record Names(String table, Schema target, Schema source) {
    Expr resolve(Expr e, boolean targetVisible, String where) {
      return e.transformUp(
          n -> n instanceof Column c ? col(column(c.name(), targetVisible, where)) : n);
    }

    private String column(String name, boolean targetVisible, String where) {
      if (name.startsWith("target.") && target.contains(name.substring(7))) {
        if (!targetVisible) {
          throw new AnalysisException(
              "Column '"
                  + name
                  + "' in "
                  + where
                  + " is the target's: an insert clause sees source columns only");
        }
        return name.substring(7);
      }
      if (name.startsWith("source.") && source.contains(name.substring(7))) {
        return name;
      }
      boolean inTarget = target.contains(name);
      boolean inSource = source.contains(name);
      if (inTarget && inSource && targetVisible) {
        throw new AnalysisException(
            "Column '"
                + name
                + "' in "
                + where
                + " is ambiguous: both the table and the source have it; write target."
                + name
                + " or source."
                + name);
      }
      if (inSource) {
        return MergeInto.SOURCE + name;
      }
      if (inTarget && targetVisible) {
        return name;
      }
      throw new ColumnNotFoundException(
          name,
          visible(targetVisible),
          "Column '" + name + "' in " + where + " is not a column of the merge of table " + table);
    }

    private List<String> visible(boolean targetVisible) {
      List<String> out = new ArrayList<>();
      if (targetVisible) {
        target.names().forEach(n -> out.add("target." + n));
      }
      source.names().forEach(n -> out.add("source." + n));
      return out;
    }

    /** Assignments by target column, values resolved and cast to the column's type. */
    Map<String, Expr> assignments(Map<String, Expr> values, boolean targetVisible, String what) {
      Map<String, Expr> out = new LinkedHashMap<>();
      values.forEach(
          (k, v) -> {
            String c = k.startsWith("target.") ? k.substring(7) : k;
            if (!target.contains(c)) {
              throw new ColumnNotFoundException(
                  k,
                  target.names(),
                  "Column '" + k + "' assigned by " + what + " is not a column of table " + table);
            }
            out.put(c, typed(resolve(v, targetVisible, "the value of " + c + " in " + what), c));
          });
      return out;
    }

    /** Every target column from the source's column of its name (null when nullable and absent). */
    Map<String, Expr> all(String what) {
      Map<String, Expr> out = new LinkedHashMap<>();
      for (Field f : target.fields()) {
        if (source.contains(f.name())) {
          out.put(f.name(), typed(col(MergeInto.SOURCE + f.name()), f.name()));
        } else if (f.nullable()) {
          out.put(f.name(), lit(null, f.type()));
        } else {
          throw new ColumnNotFoundException(
              f.name(),
              source.names(),
              "Table "
                  + table
                  + " requires column '"
                  + f.name()
                  + "', which the source of "
                  + what
                  + " lacks");
        }
      }
      return out;
    }

    /** {@code e} as the target column's type: cast unless it is that type already. */
    private Expr typed(Expr e, String column) {
      DataType want = target.field(column).type();
      Schema both = Schema.of(bothFields());
      DataType have = Analyzer.typeOf(Analyzer.resolveScalar(e, both), both);
      return have.equals(want) ? e : e.cast(want);
    }

    private List<Field> bothFields() {
      List<Field> fields = new ArrayList<>(target.fields());
      source.fields().forEach(f -> fields.add(f.withName(MergeInto.SOURCE + f.name())));
      return fields;
    }
  }
}
