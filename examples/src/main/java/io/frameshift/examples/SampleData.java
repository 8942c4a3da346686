package io.frameshift.examples;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Generates a realistic, reproducible sample dataset as CSV: customers (id, name, country, segment,
 * signup date) and orders (id, customer, category, amount, quantity, status, timestamp), with
 * skewed categories and countries and a few percent of missing values.
 */
final class SampleData {
  static final String[] COUNTRIES = {
    "DE", "FR", "US", "GB", "ES", "IT", "NL", "PL", "SE", "JP", "BR", "IN", "CA", "MX", "ZA"
  };
  static final String[] CATEGORIES = {
    "books",
    "electronics",
    "garden",
    "grocery",
    "toys",
    "fashion",
    "sports",
    "beauty",
    "home",
    "music"
  };
  private static final String[] SEGMENTS = {"consumer", "small business", "enterprise"};
  private static final String[] STATUSES = {
    "completed", "completed", "completed", "shipped", "cancelled", "returned"
  };
  private static final String[] FIRST = {
    "Ada", "Grace", "Linus", "Margaret", "Alan", "Zoë", "Jürgen", "Søren", "Ana", "Li"
  };
  private static final String[] LAST = {
    "Lovelace",
    "Hopper",
    "Torvalds",
    "Hamilton",
    "Turing",
    "Okafor",
    "Müller",
    "Kierkegaard",
    "García",
    "Wei"
  };

  private SampleData() {}

  /** Writes {@code customers.csv} and {@code orders.csv} into {@code dir}. */
  static void generate(Path dir, int customers, int orders, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    try {
      Files.createDirectories(dir);
      // each country prefers its own categories, so the per-country rankings differ
      int[] countryOf = new int[customers + 1];
      try (BufferedWriter w =
          Files.newBufferedWriter(dir.resolve("customers.csv"), StandardCharsets.UTF_8)) {
        w.write("customer_id,name,country,segment,signup_date\n");
        for (int c = 1; c <= customers; c++) {
          countryOf[c] = skewed(rnd, COUNTRIES.length);
          String country = COUNTRIES[countryOf[c]];
          String segment = rnd.nextInt(50) == 0 ? "" : SEGMENTS[rnd.nextInt(SEGMENTS.length)];
          w.write(
              c
                  + ","
                  + FIRST[rnd.nextInt(FIRST.length)]
                  + " "
                  + LAST[rnd.nextInt(LAST.length)]
                  + ","
                  + country
                  + ","
                  + segment
                  + ","
                  + java.time.LocalDate.of(2018, 1, 1).plusDays(rnd.nextInt(2500))
                  + "\n");
        }
      }
      Instant start = Instant.parse("2024-01-01T00:00:00Z");
      try (BufferedWriter w =
          Files.newBufferedWriter(dir.resolve("orders.csv"), StandardCharsets.UTF_8)) {
        w.write("order_id,customer_id,category,amount,quantity,status,ordered_at\n");
        for (long o = 1; o <= orders; o++) {
          int customer = 1 + skewed(rnd, customers);
          String category =
              CATEGORIES[
                  (skewed(rnd, CATEGORIES.length) + 3 * countryOf[customer]) % CATEGORIES.length];
          // log-normal-ish amounts; about 2% missing, a few refunds below zero
          String amount =
              rnd.nextInt(50) == 0
                  ? ""
                  : String.format(
                      Locale.ROOT,
                      "%.2f",
                      Math.exp(2.5 + rnd.nextGaussian() * 0.9) * (rnd.nextInt(200) == 0 ? -1 : 1));
          int quantity = 1 + rnd.nextInt(5);
          String status = STATUSES[rnd.nextInt(STATUSES.length)];
          Instant at = start.plus(rnd.nextLong(365L * 24 * 3600 * 1_000_000), ChronoUnit.MICROS);
          w.write(
              o + "," + customer + "," + category + "," + amount + "," + quantity + "," + status
                  + "," + at + "\n");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the sample data into " + dir, e);
    }
  }

  /** An index in [0, n) where small indexes are much more likely (a rough Zipf). */
  private static int skewed(SplittableRandom rnd, int n) {
    double u = rnd.nextDouble();
    return (int) Math.min(n - 1, Math.floor(n * u * u));
  }
}
