package io.frameshift.bench;

import java.util.List;

/**
 * The db-benchmark questions (groupby q1-q10 and join q1-q5, as in h2oai/db-benchmark's groupby-*.R
 * / join-*.R scripts) plus a sort. Each names the output columns whose sums form its checksum, as
 * db-benchmark's {@code chk} does.
 */
enum Question {
  G1(Task.GROUPBY, "q1", "sum v1 by id1", "v1"),
  G2(Task.GROUPBY, "q2", "sum v1 by id1:id2", "v1"),
  G3(Task.GROUPBY, "q3", "sum v1 mean v3 by id3", "v1", "v3"),
  G4(Task.GROUPBY, "q4", "mean v1:v3 by id4", "v1", "v2", "v3"),
  G5(Task.GROUPBY, "q5", "sum v1:v3 by id6", "v1", "v2", "v3"),
  G6(Task.GROUPBY, "q6", "median v3 sd v3 by id4 id5", "median_v3", "sd_v3"),
  G7(Task.GROUPBY, "q7", "max v1 - min v2 by id3", "range_v1_v2"),
  G8(Task.GROUPBY, "q8", "largest two v3 by id6", "largest2_v3"),
  G9(Task.GROUPBY, "q9", "regression v1 v2 by id2 id4", "r2"),
  G10(Task.GROUPBY, "q10", "sum v3 count by id1:id6", "v3", "count"),
  J1(Task.JOIN, "q1", "small inner on int", "v1", "v2"),
  J2(Task.JOIN, "q2", "medium inner on int", "v1", "v2"),
  J3(Task.JOIN, "q3", "medium outer on int", "v1", "v2"),
  J4(Task.JOIN, "q4", "medium inner on factor", "v1", "v2"),
  J5(Task.JOIN, "q5", "big inner on int", "v1", "v2"),
  /** All rows of the groupby table ordered by a string and a double. */
  SORT(Task.SORT, "s1", "sort by id3, v3", "v3");

  enum Task {
    GROUPBY,
    JOIN,
    SORT
  }

  private final Task task;
  private final String id;
  private final String label;
  private final List<String> checked;

  Question(Task task, String id, String label, String... checked) {
    this.task = task;
    this.id = id;
    this.label = label;
    this.checked = List.of(checked);
  }

  Task task() {
    return task;
  }

  /** "groupby q1", "join q5", "sort s1". */
  String title() {
    return task.name().toLowerCase(java.util.Locale.ROOT) + " " + id;
  }

  String label() {
    return label;
  }

  /** The output columns summed into the checksum. */
  List<String> checked() {
    return checked;
  }

  /** Parses "G1", "g1", "groupby", "join", "sort" or "all" into questions. */
  static List<Question> parse(String spec) {
    List<Question> out = new java.util.ArrayList<>();
    for (String s : spec.split(",")) {
      String t = s.trim().toUpperCase(java.util.Locale.ROOT);
      switch (t) {
        case "ALL" -> out.addAll(List.of(values()));
        case "GROUPBY", "JOIN" -> {
          for (Question q : values()) {
            if (q.task.name().equals(t)) {
              out.add(q);
            }
          }
        }
        default -> {
          try {
            out.add(valueOf(t));
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                "Unknown question '"
                    + s
                    + "'; use all, groupby, join, sort or one of "
                    + java.util.Arrays.toString(values()));
          }
        }
      }
    }
    return out;
  }
}
