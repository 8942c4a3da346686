package io.frameshift.local;

import io.frameshift.JoinType;
import io.frameshift.expr.Call;
import io.frameshift.expr.Expr;
import io.frameshift.expr.Function;
import io.frameshift.spi.JoinSpec;
import io.frameshift.types.Field;
import io.frameshift.types.Schema;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Joins: a hash join on the key columns (or on the equalities between a left-only and a right-only
 * expression found among a condition's conjuncts), then the rest of a condition evaluated on the
 * matched pairs only; a condition without such an equality is evaluated on the cross product, in
 * blocks. Null keys never match; NaN matches NaN. Output columns follow {@link JoinSpec#outputs}.
 */
final class Joins {
  /** Pairs of the cross product evaluated at once by a condition-only join. */
  private static final int BLOCK_PAIRS = 1 << 20;

  private Joins() {}

  static LocalFrame join(LocalFrame left, LocalFrame right, JoinSpec spec) {
    JoinType type = spec.type();
    boolean existenceOnly = type == JoinType.SEMI || type == JoinType.ANTI;
    int nl = left.rows();
    int nr = right.rows();
    Pairs matches;
    if (spec.condition() == null) {
      List<Vec> lk = new ArrayList<>();
      List<Vec> rk = new ArrayList<>();
      for (String k : spec.keys()) {
        lk.add(left.column(k));
        rk.add(right.column(k));
      }
      matches = hashJoin(lk, nl, rk, nr, existenceOnly);
    } else {
      matches = conditionJoin(left, right, spec.condition(), existenceOnly);
    }
    return assemble(left, right, spec, matches);
  }

  /** Matched row pairs in left order, or (existence only) just which left rows matched. */
  private record Pairs(IntArrayList left, IntArrayList right, boolean[] leftMatched) {}

  private static Pairs hashJoin(
      List<Vec> leftKeys, int nl, List<Vec> rightKeys, int nr, boolean existenceOnly) {
    long[] rh = Keys.hashes(rightKeys, nr);
    int capacity = Integer.highestOneBit(Math.max(16, nr) * 2 - 1) << 1;
    int mask = capacity - 1;
    int[] head = new int[capacity];
    Arrays.fill(head, -1);
    int[] next = new int[nr];
    // insert backwards so each chain lists right rows in input order
    for (int r = nr - 1; r >= 0; r--) {
      if (!Keys.anyNull(rightKeys, r)) {
        int slot = (int) rh[r] & mask;
        next[r] = head[slot];
        head[slot] = r;
      }
    }
    long[] lh = Keys.hashes(leftKeys, nl);
    IntArrayList li = new IntArrayList();
    IntArrayList ri = new IntArrayList();
    boolean[] matched = new boolean[nl];
    for (int l = 0; l < nl; l++) {
      if (Keys.anyNull(leftKeys, l)) {
        continue;
      }
      long h = lh[l];
      for (int r = head[(int) h & mask]; r >= 0; r = next[r]) {
        if (rh[r] == h && Keys.rowsEqual(leftKeys, l, rightKeys, r)) {
          matched[l] = true;
          if (existenceOnly) {
            break;
          }
          li.add(l);
          ri.add(r);
        }
      }
    }
    return new Pairs(li, ri, matched);
  }

  private static Pairs conditionJoin(
      LocalFrame left, LocalFrame right, Expr condition, boolean existenceOnly) {
    Set<String> leftNames = Set.copyOf(left.schema().names());
    Set<String> rightNames = Set.copyOf(right.schema().names());
    List<Expr> leftKeyExprs = new ArrayList<>();
    List<Expr> rightKeyExprs = new ArrayList<>();
    List<Expr> residual = new ArrayList<>();
    for (Expr c : conjuncts(condition)) {
      if (c instanceof Call call && call.function() == Function.EQ) {
        Set<String> a = Evaluator.columnsOf(call.arg(0));
        Set<String> b = Evaluator.columnsOf(call.arg(1));
        if (sideOf(a, leftNames, rightNames) == 1 && sideOf(b, leftNames, rightNames) == 2) {
          leftKeyExprs.add(call.arg(0));
          rightKeyExprs.add(call.arg(1));
          continue;
        }
        if (sideOf(a, leftNames, rightNames) == 2 && sideOf(b, leftNames, rightNames) == 1) {
          leftKeyExprs.add(call.arg(1));
          rightKeyExprs.add(call.arg(0));
          continue;
        }
      }
      residual.add(c);
    }
    Expr rest = residual.stream().reduce(Expr::and).orElse(null);
    int nl = left.rows();
    int nr = right.rows();
    if (!leftKeyExprs.isEmpty()) {
      List<Vec> lk = new ArrayList<>();
      List<Vec> rk = new ArrayList<>();
      for (int i = 0; i < leftKeyExprs.size(); i++) {
        lk.add(Evaluator.eval(leftKeyExprs.get(i), left));
        rk.add(Evaluator.eval(rightKeyExprs.get(i), right));
      }
      Pairs candidates = hashJoin(lk, nl, rk, nr, existenceOnly && rest == null);
      return rest == null ? candidates : keep(left, right, candidates, rest, nl);
    }
    // no equality to hash on: the cross product, a block of left rows at a time
    IntArrayList li = new IntArrayList();
    IntArrayList ri = new IntArrayList();
    boolean[] matched = new boolean[nl];
    int block = Math.max(1, BLOCK_PAIRS / Math.max(1, nr));
    for (int from = 0; from < nl && nr > 0; from += block) {
      int to = Math.min(nl, from + block);
      IntArrayList bl = new IntArrayList((to - from) * nr);
      IntArrayList br = new IntArrayList((to - from) * nr);
      for (int l = from; l < to; l++) {
        for (int r = 0; r < nr; r++) {
          bl.add(l);
          br.add(r);
        }
      }
      Pairs kept = keep(left, right, new Pairs(bl, br, null), condition, nl);
      li.addAll(kept.left());
      ri.addAll(kept.right());
      for (int l = from; l < to; l++) {
        matched[l] |= kept.leftMatched()[l];
      }
    }
    return new Pairs(li, ri, matched);
  }

  /** 1 when every column is on the left, 2 when every one is only on the right, else 0. */
  private static int sideOf(Set<String> columns, Set<String> left, Set<String> right) {
    if (columns.isEmpty()) {
      return 0;
    }
    if (left.containsAll(columns)) {
      return 1;
    }
    for (String c : columns) {
      if (left.contains(c) || !right.contains(c)) {
        return 0;
      }
    }
    return 2;
  }

  private static List<Expr> conjuncts(Expr e) {
    List<Expr> out = new ArrayList<>();
    if (e instanceof Call c && c.function() == Function.AND) {
      out.addAll(conjuncts(c.arg(0)));
      out.addAll(conjuncts(c.arg(1)));
    } else {
      out.add(e);
    }
    return out;
  }

  /** The pairs for which {@code condition}, over left columns and right-only columns, is TRUE. */
  private static Pairs keep(
      LocalFrame left, LocalFrame right, Pairs pairs, Expr condition, int nl) {
    int[] li = pairs.left().toIntArray();
    int[] ri = pairs.right().toIntArray();
    List<Field> fields = new ArrayList<>();
    List<Vec> vecs = new ArrayList<>();
    for (String name : Evaluator.columnsOf(condition)) {
      boolean onLeft = left.schema().contains(name);
      LocalFrame side = onLeft ? left : right;
      fields.add(side.schema().field(name));
      vecs.add(side.column(name).take(onLeft ? li : ri));
    }
    LocalFrame pairFrame = new LocalFrame(Schema.of(fields), vecs, li.length);
    Vec test = Evaluator.eval(condition, pairFrame);
    IntArrayList kl = new IntArrayList();
    IntArrayList kr = new IntArrayList();
    boolean[] matched = new boolean[nl];
    for (int k = 0; k < li.length; k++) {
      if (!test.isNull(k) && test.bool(k)) {
        kl.add(li[k]);
        kr.add(ri[k]);
        matched[li[k]] = true;
      }
    }
    return new Pairs(kl, kr, matched);
  }

  /** Lays out the output rows for the join type, then gathers the output columns. */
  private static LocalFrame assemble(LocalFrame left, LocalFrame right, JoinSpec spec, Pairs m) {
    int nl = left.rows();
    int nr = right.rows();
    IntArrayList li = new IntArrayList();
    IntArrayList ri = new IntArrayList();
    JoinType type = spec.type();
    switch (type) {
      case SEMI, ANTI -> {
        for (int l = 0; l < nl; l++) {
          if (m.leftMatched()[l] == (type == JoinType.SEMI)) {
            li.add(l);
          }
        }
      }
      case INNER, RIGHT -> {
        li.addAll(m.left());
        ri.addAll(m.right());
      }
      case LEFT, FULL -> {
        // interleave unmatched left rows so the output keeps the left order
        int p = 0;
        int pairs = m.left().size();
        for (int l = 0; l < nl; l++) {
          if (!m.leftMatched()[l]) {
            li.add(l);
            ri.add(-1);
          }
          while (p < pairs && m.left().getInt(p) == l) {
            li.add(l);
            ri.add(m.right().getInt(p++));
          }
        }
      }
    }
    if (type == JoinType.RIGHT || type == JoinType.FULL) {
      boolean[] rightMatched = new boolean[nr];
      for (int k = 0; k < m.right().size(); k++) {
        rightMatched[m.right().getInt(k)] = true;
      }
      for (int r = 0; r < nr; r++) {
        if (!rightMatched[r]) {
          li.add(-1);
          ri.add(r);
        }
      }
    }
    int[] lIdx = li.toIntArray();
    int[] rIdx = type == JoinType.SEMI || type == JoinType.ANTI ? null : ri.toIntArray();
    Schema schema = spec.outputSchema(left.schema(), right.schema());
    List<JoinSpec.Output> outputs = spec.outputs(left.schema(), right.schema());
    Vec[] columns = new Vec[outputs.size()];
    Parallelism.forEach(
        columns.length,
        lIdx.length,
        c -> {
          JoinSpec.Output o = outputs.get(c);
          columns[c] =
              switch (o.side()) {
                case LEFT -> left.column(o.column()).take(lIdx);
                case RIGHT -> right.column(o.column()).take(rIdx);
                case KEY -> usingKey(left.column(o.column()), right.column(o.column()), lIdx, rIdx);
              };
        });
    return new LocalFrame(schema, List.of(columns), lIdx.length);
  }

  /** A USING key: the left value, or the right one where the left row is absent or null. */
  private static Vec usingKey(Vec l, Vec r, int[] lIdx, int[] rIdx) {
    int n = lIdx.length;
    int[] idx = new int[n];
    for (int k = 0; k < n; k++) {
      if (lIdx[k] >= 0 && !l.isNull(lIdx[k])) {
        idx[k] = lIdx[k];
      } else {
        idx[k] = rIdx[k] >= 0 ? l.size() + rIdx[k] : -1;
      }
    }
    return Vec.concat(l.type(), List.of(l, r)).take(idx);
  }
}
