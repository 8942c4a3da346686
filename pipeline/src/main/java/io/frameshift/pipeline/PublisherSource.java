package io.frameshift.pipeline;

import io.frameshift.error.InputException;
import io.frameshift.pipeline.BatchSource.Rows;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Batches from a {@link Flow.Publisher}, requested one at a time, numbered from 0 as the iterator
 * source does. The subscription starts with the first {@link #next} or {@link #resume}.
 */
final class PublisherSource<T> extends NumberedSource<T> {
  private static final long SUBSCRIBE_SECONDS = 30;

  private final Flow.Publisher<T> publisher;
  private final BlockingQueue<Signal<T>> signals = new LinkedBlockingQueue<>();
  private Flow.Subscription subscription;
  private boolean ended;

  /** What the publisher sent: an item, its end, or its failure. */
  private sealed interface Signal<T> {}

  private record Item<T>(T value) implements Signal<T> {}

  private record Complete<T>() implements Signal<T> {}

  private record Failed<T>(Throwable error) implements Signal<T> {}

  PublisherSource(String description, Flow.Publisher<T> publisher, Function<T, Rows> rows) {
    super(description, rows);
    this.publisher = publisher;
  }

  @Override
  Optional<Rows> take() {
    return item().map(rows);
  }

  private Optional<T> item() {
    if (ended) {
      return Optional.empty();
    }
    if (subscription == null) {
      subscribe();
    }
    subscription.request(1);
    Signal<T> s;
    try {
      s = signals.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InputException("Interrupted while waiting for the " + description, e);
    }
    if (s instanceof Item<T> item) {
      return Optional.of(item.value());
    }
    ended = true;
    if (s instanceof Failed<T> f) {
      throw new InputException("The " + description + " failed: " + f.error(), f.error());
    }
    return Optional.empty();
  }

  private void subscribe() {
    // a publisher may call onSubscribe on a thread of its own (SubmissionPublisher does)
    CompletableFuture<Flow.Subscription> subscribed = new CompletableFuture<>();
    publisher.subscribe(
        new Flow.Subscriber<T>() {
          @Override
          public void onSubscribe(Flow.Subscription s) {
            subscribed.complete(s);
          }

          @Override
          public void onNext(T item) {
            signals.add(new Item<>(item));
          }

          @Override
          public void onError(Throwable error) {
            signals.add(new Failed<>(error));
          }

          @Override
          public void onComplete() {
            signals.add(new Complete<>());
          }
        });
    try {
      subscription = subscribed.get(SUBSCRIBE_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InputException("Interrupted while subscribing to the " + description, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new InputException(
          "The "
              + description
              + " did not call onSubscribe within "
              + SUBSCRIBE_SECONDS
              + " s of the subscription",
          e);
    }
  }

  @Override
  public void close() {
    if (subscription != null && !ended) {
      subscription.cancel();
    }
    for (Signal<T> s; (s = signals.poll()) != null; ) {
      if (s instanceof Item<T> item) {
        Streams.release(rows.apply(item.value()));
      }
    }
  }
}
