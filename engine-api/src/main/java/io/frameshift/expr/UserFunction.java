package io.frameshift.expr;

import io.frameshift.error.AnalysisException;
import io.frameshift.error.EvaluationException;
import io.frameshift.types.DataType;
import io.frameshift.types.TypeId;
import java.io.Serializable;
import java.lang.invoke.MethodType;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A scalar function written in Java: a name, a serializable lambda of one to five arguments and the
 * type of its result. Make one with {@link Functions#udf}, call it with {@link #apply(Expr...)}
 * wherever an expression may stand (select, withColumn, filter, group keys, aggregate inputs, join
 * conditions), and register it on a session ({@code fs.register(fn)}) to call it by name from SQL
 * text.
 *
 * <pre>{@code
 * UserFunction tax =
 *     udf("tax", (Double amount, String country) -> amount * rate(country), DataType.FLOAT64);
 * df.withColumn("tax", tax.apply(col("amount"), col("country")));
 * }</pre>
 *
 * <p>Each argument's type comes from the lambda's declared parameter class ({@code Double} takes
 * FLOAT64, and narrower numbers widened to it; {@code Object} takes any type; see {@link
 * #argumentClasses()}); analysis checks the arguments against them. A null argument makes the
 * result null without calling the function, unless it {@linkplain #acceptingNulls() accepts nulls}.
 * An exception thrown by the function fails the job with an {@link EvaluationException} naming the
 * function, the argument values and the row. The result is converted to the declared type where
 * that is exact (an {@code Integer} for INT64, a decimal rounded to the type's scale) and refused
 * otherwise.
 *
 * <p>Functions of primitive {@code double} and {@code long} arguments ({@link PrimitiveFunction},
 * {@code udf("f", (double q, double x) -> q + x * 0.2)}) run without boxing on the local engine.
 *
 * <p>Instances are immutable; {@link #acceptingNulls()} and {@link #nondeterministic()} return
 * copies. Two functions are equal only when they are the same instance.
 */
public final class UserFunction implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Function names SQL text can call without quoting. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** The Java classes a parameter may declare, besides {@code Object} and {@code Number}. */
  private static final List<Class<?>> VALUE_CLASSES =
      List.of(
          Boolean.class,
          Integer.class,
          Long.class,
          Float.class,
          Double.class,
          String.class,
          LocalDate.class,
          Instant.class,
          LocalDateTime.class,
          BigDecimal.class);

  private final String name;
  private final Serializable body;
  private final int arity;
  private final DataType returnType;
  private final List<Class<?>> argumentClasses;
  private final boolean acceptsNulls;
  private final boolean deterministic;
  private final Class<?> returnClass;

  private UserFunction(
      String name,
      Serializable body,
      int arity,
      DataType returnType,
      List<Class<?>> argumentClasses,
      boolean acceptsNulls,
      boolean deterministic) {
    this.name = name;
    this.body = body;
    this.arity = arity;
    this.returnType = returnType;
    this.argumentClasses = List.copyOf(argumentClasses);
    this.acceptsNulls = acceptsNulls;
    this.deterministic = deterministic;
    this.returnClass = returnType.javaClass();
  }

  /** A function over the lambda {@code body} of {@code arity} arguments; see {@link Functions}. */
  static UserFunction of(String name, Serializable body, int arity, DataType returnType) {
    Objects.requireNonNull(body, "function");
    Objects.requireNonNull(returnType, "returnType");
    checkName(name);
    return new UserFunction(
        name, body, arity, returnType, parameterClasses(name, body, arity), false, true);
  }

  /**
   * A function over a primitive lambda: its shape fixes the arguments ({@code Double} or {@code
   * Long}) and the result (FLOAT64, INT64 or BOOLEAN); see {@link PrimitiveFunction}.
   */
  static UserFunction ofPrimitive(String name, PrimitiveFunction body) {
    Objects.requireNonNull(body, "function");
    checkName(name);
    Class<?> argument;
    DataType result;
    int arity;
    if (body instanceof PrimitiveFunction.DoubleFunction1) {
      argument = Double.class;
      result = DataType.FLOAT64;
      arity = 1;
    } else if (body instanceof PrimitiveFunction.DoubleFunction2) {
      argument = Double.class;
      result = DataType.FLOAT64;
      arity = 2;
    } else if (body instanceof PrimitiveFunction.LongFunction1) {
      argument = Long.class;
      result = DataType.INT64;
      arity = 1;
    } else if (body instanceof PrimitiveFunction.LongFunction2) {
      argument = Long.class;
      result = DataType.INT64;
      arity = 2;
    } else if (body instanceof PrimitiveFunction.DoublePredicate1) {
      argument = Double.class;
      result = DataType.BOOLEAN;
      arity = 1;
    } else if (body instanceof PrimitiveFunction.DoublePredicate2) {
      argument = Double.class;
      result = DataType.BOOLEAN;
      arity = 2;
    } else if (body instanceof PrimitiveFunction.LongPredicate1) {
      argument = Long.class;
      result = DataType.BOOLEAN;
      arity = 1;
    } else {
      argument = Long.class;
      result = DataType.BOOLEAN;
      arity = 2;
    }
    return new UserFunction(
        name, body, arity, result, java.util.Collections.nCopies(arity, argument), false, true);
  }

  private static void checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new AnalysisException(
          "Invalid function name '"
              + name
              + "': a function name is a letter or '_' followed by letters, digits or '_', so that"
              + " SQL text can call it");
    }
    if (SqlTranslator.builtinNames().contains(name.toLowerCase(java.util.Locale.ROOT))) {
      throw new AnalysisException(
          "Function name '"
              + name
              + "' is taken by a built-in function; choose another (built-ins: "
              + String.join(", ", SqlTranslator.builtinNames())
              + ")");
    }
  }

  // ---- what analysis and engines read -------------------------------------------------------

  /** The name, as SQL text calls it and {@code explain()} shows it. */
  public String name() {
    return name;
  }

  /** The type of the result. */
  public DataType returnType() {
    return returnType;
  }

  /** The number of arguments. */
  public int arity() {
    return arity;
  }

  /**
   * The Java class each parameter of the lambda declares: one of {@code Boolean}, {@code Integer},
   * {@code Long}, {@code Float}, {@code Double}, {@code String}, {@code LocalDate}, {@code
   * Instant}, {@code LocalDateTime}, {@code BigDecimal} (each taking the columns of the type whose
   * values it carries, docs/semantics.md), {@code Number} (any numeric type, as it is) or {@code
   * Object} (any type; also what a lambda whose parameter types cannot be read declares).
   */
  public List<Class<?>> argumentClasses() {
    return argumentClasses;
  }

  /** Whether the function is called with null arguments (else a null argument gives null). */
  public boolean acceptsNulls() {
    return acceptsNulls;
  }

  /** Whether the same arguments always give the same result (the default). */
  public boolean deterministic() {
    return deterministic;
  }

  /**
   * The lambda, for engines that call it without {@link #invoke}: one of {@code UserFunctionN}, or
   * a {@link PrimitiveFunction}, which the local engine calls over primitive arrays.
   */
  public Serializable body() {
    return body;
  }

  // ---- building ------------------------------------------------------------------------------

  /**
   * This function called with null arguments too, instead of giving null for them.
   *
   * @throws AnalysisException for a {@link PrimitiveFunction}, whose arguments cannot be null
   */
  public UserFunction acceptingNulls() {
    if (body instanceof PrimitiveFunction) {
      throw new AnalysisException(
          "Function '"
              + name
              + "' takes primitive arguments, which cannot be null, so it cannot accept nulls;"
              + " declare boxed parameters to receive them: udf(name, ("
              + argumentClasses.get(0).getSimpleName()
              + " x) -> .., returnType).acceptingNulls()");
    }
    return new UserFunction(name, body, arity, returnType, argumentClasses, true, deterministic);
  }

  /**
   * This function marked nondeterministic (random, time, external state): engines then evaluate it
   * exactly once per row where the plan computes it, never duplicated into or moved across other
   * operations.
   */
  public UserFunction nondeterministic() {
    return new UserFunction(name, body, arity, returnType, argumentClasses, acceptsNulls, false);
  }

  /**
   * This function with its parameter classes given explicitly, for a lambda whose declared classes
   * cannot be read (a generic method reference); see {@link #argumentClasses()}.
   */
  public UserFunction withArgumentClasses(Class<?>... classes) {
    if (classes.length != arity) {
      throw new AnalysisException(
          "Function '"
              + name
              + "' takes "
              + arity
              + " arguments, got "
              + classes.length
              + " classes");
    }
    for (Class<?> c : classes) {
      checkClass(name, c);
    }
    if (body instanceof PrimitiveFunction && !Arrays.asList(classes).equals(argumentClasses)) {
      throw new AnalysisException(
          "Function '"
              + name
              + "' takes primitive arguments, whose classes are fixed: "
              + argumentClasses.stream().map(Class::getSimpleName).toList()
              + ", not "
              + Arrays.stream(classes).map(Class::getSimpleName).toList());
    }
    return new UserFunction(
        name, body, arity, returnType, Arrays.asList(classes), acceptsNulls, deterministic);
  }

  /** A call of this function on {@code args}, usable wherever an expression is. */
  public Expr apply(Expr... args) {
    return new UserCall(this, Arrays.asList(args));
  }

  /** A call of this function on the named columns. */
  public Expr apply(String... columns) {
    return apply(Arrays.stream(columns).map(Column::new).toArray(Expr[]::new));
  }

  // ---- calling ---------------------------------------------------------------------------------

  /**
   * Calls the function on one row's argument values (each of its type's Java class, or null) and
   * returns the result as the Java class of {@link #returnType()}, or null. Null arguments give
   * null without a call unless the function {@link #acceptsNulls()}.
   *
   * @param labels how the error names each argument (its SQL text), or null
   * @param row the row's index in the engine's input, or a negative number when unknown
   * @throws EvaluationException when the function throws, or returns a value that does not fit
   *     {@link #returnType()}
   */
  public Object invoke(Object[] args, List<String> labels, long row) {
    if (!acceptsNulls) {
      for (Object a : args) {
        if (a == null) {
          return null;
        }
      }
    }
    Object out;
    try {
      out = call(args);
    } catch (Exception | LinkageError | StackOverflowError e) {
      throw failure(args, labels, row, e);
    }
    return fit(out, args, labels, row);
  }

  @SuppressWarnings("unchecked")
  private Object call(Object[] a) throws Exception {
    if (body instanceof PrimitiveFunction p) {
      return callPrimitive(p, a);
    }
    return switch (arity) {
      case 1 -> ((UserFunction1<Object, Object>) body).apply(a[0]);
      case 2 -> ((UserFunction2<Object, Object, Object>) body).apply(a[0], a[1]);
      case 3 -> ((UserFunction3<Object, Object, Object, Object>) body).apply(a[0], a[1], a[2]);
      case 4 ->
          ((UserFunction4<Object, Object, Object, Object, Object>) body)
              .apply(a[0], a[1], a[2], a[3]);
      case 5 ->
          ((UserFunction5<Object, Object, Object, Object, Object, Object>) body)
              .apply(a[0], a[1], a[2], a[3], a[4]);
      default -> throw new IllegalStateException("arity " + arity);
    };
  }

  /** A primitive function on boxed arguments (never null: nulls gave null before the call). */
  private static Object callPrimitive(PrimitiveFunction p, Object[] a) throws Exception {
    if (p instanceof PrimitiveFunction.DoubleFunction1 f) {
      return f.apply(d(a[0]));
    } else if (p instanceof PrimitiveFunction.DoubleFunction2 f) {
      return f.apply(d(a[0]), d(a[1]));
    } else if (p instanceof PrimitiveFunction.LongFunction1 f) {
      return f.apply(l(a[0]));
    } else if (p instanceof PrimitiveFunction.LongFunction2 f) {
      return f.apply(l(a[0]), l(a[1]));
    } else if (p instanceof PrimitiveFunction.DoublePredicate1 f) {
      return f.apply(d(a[0]));
    } else if (p instanceof PrimitiveFunction.DoublePredicate2 f) {
      return f.apply(d(a[0]), d(a[1]));
    } else if (p instanceof PrimitiveFunction.LongPredicate1 f) {
      return f.apply(l(a[0]));
    } else {
      return ((PrimitiveFunction.LongPredicate2) p).apply(l(a[0]), l(a[1]));
    }
  }

  private static double d(Object v) {
    return ((Number) v).doubleValue();
  }

  private static long l(Object v) {
    return ((Number) v).longValue();
  }

  /** The exception for a call that threw {@code cause}. */
  public EvaluationException failure(
      Object[] args, List<String> labels, long row, Throwable cause) {
    return new EvaluationException(
        "Function '"
            + name
            + "' failed"
            + where(args, labels, row)
            + ": "
            + cause.getClass().getName()
            + (cause.getMessage() == null ? "" : ": " + cause.getMessage()),
        cause);
  }

  private String where(Object[] args, List<String> labels, long row) {
    StringBuilder sb = new StringBuilder();
    if (row >= 0) {
      sb.append(" on row ").append(row);
    }
    sb.append(" with arguments (");
    for (int i = 0; i < args.length; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      if (labels != null && i < labels.size()) {
        sb.append(labels.get(i)).append(" = ");
      }
      sb.append(show(args[i]));
    }
    return sb.append(')').toString();
  }

  private static String show(Object v) {
    if (v == null) {
      return "NULL";
    }
    String s = v instanceof String str ? "'" + str + "'" : String.valueOf(v);
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }

  /** {@code v} as the Java class of the return type, exactly, or an error naming it. */
  private Object fit(Object v, Object[] args, List<String> labels, long row) {
    if (v == null) {
      return null;
    }
    Object fitted = convert(v, returnType);
    if (fitted == null) {
      throw new EvaluationException(
          "Function '"
              + name
              + "' returned "
              + show(v)
              + " ("
              + v.getClass().getName()
              + ")"
              + where(args, labels, row)
              + ", which does not fit its declared type "
              + returnType
              + " (values of "
              + returnType
              + " are "
              + returnType.javaClass().getName()
              + ")");
    }
    return fitted;
  }

  /** {@code v} exactly as a value of {@code t}, or null when it does not fit. */
  private Object convert(Object v, DataType t) {
    // the common case first: the lambda returned the type's own class
    if (v.getClass() == returnClass && !(v instanceof BigDecimal)) {
      return v;
    }
    return convertOther(v, t);
  }

  static Object convertOther(Object v, DataType t) {
    TypeId id = t.id();
    if (t.javaClass().isInstance(v) && id != TypeId.DECIMAL) {
      return v;
    }
    switch (id) {
      case INT32 -> {
        if (v instanceof Long l && l == (int) (long) l) {
          return (int) (long) l;
        }
        if (v instanceof Short || v instanceof Byte) {
          return ((Number) v).intValue();
        }
      }
      case INT64 -> {
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
          return ((Number) v).longValue();
        }
      }
      case FLOAT64 -> {
        if (v instanceof Float f) {
          return (double) f;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
          return ((Number) v).doubleValue();
        }
        if (v instanceof Long l && (long) (double) l == l) {
          return (double) l;
        }
        if (v instanceof BigDecimal d) {
          return d.doubleValue();
        }
      }
      case FLOAT32 -> {
        if (v instanceof Double d && (Double.isNaN(d) || (double) (float) (double) d == d)) {
          return (float) (double) d;
        }
        if (v instanceof Short || v instanceof Byte) {
          return ((Number) v).floatValue();
        }
        if (v instanceof Integer i && (int) (float) i == i) {
          return (float) i;
        }
      }
      case STRING -> {
        if (v instanceof CharSequence || v instanceof Character) {
          return v.toString();
        }
      }
      case DECIMAL -> {
        BigDecimal d = decimal(v);
        if (d != null) {
          DataType.Decimal type = (DataType.Decimal) t;
          BigDecimal s = d.setScale(type.scale(), RoundingMode.HALF_UP);
          return s.precision() - s.scale() <= type.precision() - type.scale() ? s : null;
        }
      }
      default -> {}
    }
    return null;
  }

  private static BigDecimal decimal(Object v) {
    if (v instanceof BigDecimal d) {
      return d;
    }
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      return BigDecimal.valueOf(((Number) v).longValue());
    }
    if (v instanceof java.math.BigInteger b) {
      return new BigDecimal(b);
    }
    if (v instanceof Double || v instanceof Float) {
      double x = ((Number) v).doubleValue();
      return Double.isFinite(x) ? BigDecimal.valueOf(x) : null;
    }
    return null;
  }

  // ---- parameter classes -----------------------------------------------------------------------

  /**
   * The classes the lambda's parameters declare: a serializable lambda describes itself ({@link
   * SerializedLambda}, the form it is shipped to Spark's executors in), and the instantiated method
   * type there names the classes the source wrote. A class implementing the interface declares them
   * on its own {@code apply}. {@code Object} where neither says.
   */
  private static List<Class<?>> parameterClasses(String name, Serializable body, int arity) {
    List<Class<?>> out = null;
    try {
      Method writeReplace = body.getClass().getDeclaredMethod("writeReplace");
      writeReplace.setAccessible(true);
      if (writeReplace.invoke(body) instanceof SerializedLambda lambda) {
        MethodType type =
            MethodType.fromMethodDescriptorString(
                lambda.getInstantiatedMethodType(), body.getClass().getClassLoader());
        out = type.parameterList();
      }
    } catch (ReflectiveOperationException | RuntimeException notALambda) {
      // a class of its own, or a module that keeps its lambdas closed: its apply method says
    }
    if (out == null) {
      for (Method m : body.getClass().getMethods()) {
        if (m.getName().equals("apply") && m.getParameterCount() == arity && !m.isBridge()) {
          out = Arrays.asList(m.getParameterTypes());
          break;
        }
      }
    }
    List<Class<?>> classes = new ArrayList<>();
    for (int i = 0; i < arity; i++) {
      Class<?> c = out == null || out.size() != arity ? Object.class : out.get(i);
      checkClass(name, c);
      classes.add(c);
    }
    return classes;
  }

  private static void checkClass(String name, Class<?> c) {
    if (c != Object.class && c != Number.class && !VALUE_CLASSES.contains(c)) {
      throw new AnalysisException(
          "Function '"
              + name
              + "' declares a parameter of class "
              + c.getName()
              + ", which no column type carries; use one of Boolean, Integer, Long, Float, Double,"
              + " String, LocalDate, Instant, LocalDateTime, BigDecimal, Number or Object");
    }
  }

  /**
   * The column type a parameter class takes as it is, or null for {@code Object}/{@code Number}.
   */
  static DataType typeOfClass(Class<?> c) {
    for (TypeId id : TypeId.values()) {
      if (id != TypeId.DECIMAL && DataType.of(id).javaClass() == c) {
        return DataType.of(id);
      }
    }
    return null;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(name).append('(');
    for (int i = 0; i < arity; i++) {
      sb.append(i == 0 ? "" : ", ").append(argumentClasses.get(i).getSimpleName());
    }
    return sb.append(") -> ").append(returnType).toString();
  }
}
