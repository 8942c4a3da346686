package io.frameshift;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The public types of {@code engine-api}, listed in {@code src/test/resources/public-types.txt}: a
 * type that becomes public, or stops being public, fails this test until the list says so, so that
 * growing the API is a decision and not an accident. Types in {@code io.frameshift.internal} are
 * public only because other packages of this module call them; the API around them must not show
 * them (no public signature of an API type names one).
 */
class PublicApiTest {
  private static final String INTERNAL = "io.frameshift.internal";

  @Test
  void thePublicTypesAreExactlyTheListedOnes() throws Exception {
    Set<String> actual = new TreeSet<>();
    for (Class<?> c : publicTypes()) {
      actual.add(c.getName().replace('$', '.'));
    }
    Set<String> listed = listed();
    Set<String> added = new TreeSet<>(actual);
    added.removeAll(listed);
    Set<String> removed = new TreeSet<>(listed);
    removed.removeAll(actual);
    assertThat(added)
        .as(
            "public types not in public-types.txt: make them package-private, or add them there"
                + " if they are meant to be API")
        .isEmpty();
    assertThat(removed)
        .as("types in public-types.txt that are no longer public: remove them from the list")
        .isEmpty();
  }

  @Test
  void noApiSignatureShowsAnInternalType() throws Exception {
    List<String> leaks = new ArrayList<>();
    for (Class<?> c : publicTypes()) {
      if (c.getPackageName().equals(INTERNAL)) {
        continue;
      }
      check(c.getName() + " extends", c.getGenericSuperclass(), leaks);
      for (Type t : c.getGenericInterfaces()) {
        check(c.getName() + " implements", t, leaks);
      }
      for (Method m : c.getDeclaredMethods()) {
        if (visible(m) && !m.isSynthetic()) {
          String where = c.getName() + "." + m.getName();
          check(where, m.getGenericReturnType(), leaks);
          for (Type t : m.getGenericParameterTypes()) {
            check(where, t, leaks);
          }
          for (Type t : m.getGenericExceptionTypes()) {
            check(where, t, leaks);
          }
        }
      }
      for (Constructor<?> k : c.getDeclaredConstructors()) {
        if (visible(k)) {
          for (Type t : k.getGenericParameterTypes()) {
            check(c.getName() + ".<init>", t, leaks);
          }
        }
      }
      for (Field f : c.getDeclaredFields()) {
        if (visible(f)) {
          check(c.getName() + "." + f.getName(), f.getGenericType(), leaks);
        }
      }
    }
    assertThat(leaks).as("API signatures that name internal types").isEmpty();
  }

  private static boolean visible(Member m) {
    int mod = m.getModifiers();
    return Modifier.isPublic(mod) || Modifier.isProtected(mod);
  }

  private static void check(String where, Type t, List<String> leaks) {
    if (t instanceof Class<?> c) {
      while (c.isArray()) {
        c = c.getComponentType();
      }
      if (c.getPackageName().equals(INTERNAL)) {
        leaks.add(where + " names " + c.getName());
      }
    } else if (t instanceof ParameterizedType p) {
      check(where, p.getRawType(), leaks);
      for (Type a : p.getActualTypeArguments()) {
        check(where, a, leaks);
      }
    } else if (t instanceof GenericArrayType a) {
      check(where, a.getGenericComponentType(), leaks);
    } else if (t instanceof WildcardType w) {
      for (Type b : w.getUpperBounds()) {
        check(where, b, leaks);
      }
      for (Type b : w.getLowerBounds()) {
        check(where, b, leaks);
      }
    } else if (t instanceof TypeVariable<?> v) {
      for (Type b : v.getBounds()) {
        check(where, b, leaks);
      }
    }
  }

  /** Every type of this module's classes that code outside its package can name. */
  private static List<Class<?>> publicTypes() throws IOException, URISyntaxException {
    Path classes =
        Paths.get(Frameshift.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<Class<?>> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
        String name =
            classes.relativize(f).toString().replace(f.getFileSystem().getSeparator(), ".");
        name = name.substring(0, name.length() - ".class".length());
        if (name.endsWith("package-info")) {
          continue;
        }
        Class<?> c;
        try {
          c = Class.forName(name, false, PublicApiTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
          throw new IllegalStateException(e);
        }
        if (reachable(c)) {
          out.add(c);
        }
      }
    }
    return out;
  }

  private static boolean reachable(Class<?> c) {
    if (c.isAnonymousClass() || c.isLocalClass() || c.isSynthetic()) {
      return false;
    }
    for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
      if (!Modifier.isPublic(k.getModifiers())) {
        return false;
      }
    }
    return true;
  }

  private static Set<String> listed() throws IOException {
    Set<String> out = new TreeSet<>();
    try (InputStream in = PublicApiTest.class.getResourceAsStream("/public-types.txt")) {
      assertThat(in).as("src/test/resources/public-types.txt").isNotNull();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String t = line.strip();
        if (!t.isEmpty() && !t.startsWith("#")) {
          out.add(t);
        }
      }
    }
    return out;
  }
}
