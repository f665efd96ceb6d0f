package dev.channels;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Go's {@code context.Context}: a cancellation signal with an optional deadline, passed down a
 * call tree so that work started on behalf of a request stops when the request is abandoned.
 *
 * <p>A context is done once it is cancelled, its deadline passes, or its parent is done;
 * {@link #done()} is then closed and {@link #err()} says why. A child never outlives its parent,
 * and cancelling a child leaves the parent alone. {@link #background()} is never done.
 *
 * <pre>{@code
 * // ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
 * // defer cancel()
 * try (CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofSeconds(3))) {
 *     String r = Select.select(
 *             ctx.onDone(() -> "cancelled"),                 // case <-ctx.Done():
 *             results.onReceive(v -> v));                    // case v := <-results:
 * }
 * }</pre>
 *
 * <p>Go's {@code case <-ctx.Done():} is {@link #onDone}; {@code <-ctx.Done()} outside a select is
 * {@link #awaitDone()}. Contexts carry no values: pass what a call needs as its arguments.
 */
public interface Context {

    /** Why a context is done: Go's {@code context.Canceled} and {@code context.DeadlineExceeded}. */
    enum Err {
        /** {@link CancelableContext#cancel()} was called, on it or on an ancestor. */
        CANCELED("context canceled"),
        /** Its deadline (or an ancestor's) passed. */
        DEADLINE_EXCEEDED("context deadline exceeded");

        private final String message;

        Err(String message) {
            this.message = message;
        }

        /** Go's error text: {@code "context canceled"} or {@code "context deadline exceeded"}. */
        @Override
        public String toString() {
            return message;
        }
    }

    /**
     * A channel closed when this context is done; never closed for {@link #background()}. It
     * carries no elements: receive with {@link ReceiveChannel#receiveOk()} or select with
     * {@link #onDone}, as a plain receive of a closed channel throws.
     *
     * @return the done channel, the same one on every call
     */
    ReceiveChannel<Void> done();

    /**
     * Why this context is done, or null while it is not (Go's {@code ctx.Err()}).
     *
     * @return {@link Err#CANCELED}, {@link Err#DEADLINE_EXCEEDED}, or null
     */
    Err err();

    /**
     * When this context will be done by itself, if ever: its own deadline or an ancestor's,
     * whichever is earlier.
     *
     * @return the deadline, or empty if none
     */
    Optional<Instant> deadline();

    /**
     * A select case ready once this context is done: Go's {@code case <-ctx.Done():}.
     *
     * @param then what the select returns when this case is chosen
     * @param <R> the select's result type
     * @return the case
     */
    default <R> SelectCase<R> onDone(Supplier<? extends R> then) {
        return done().onReceiveOk(ignored -> then.get());
    }

    /**
     * Blocks until this context is done ({@code <-ctx.Done()}).
     *
     * @return why it is done
     * @throws InterruptedException if interrupted while waiting
     */
    default Err awaitDone() throws InterruptedException {
        done().receiveOk();
        return err();
    }

    /**
     * The root context, never done, without a deadline: Go's {@code context.Background()}.
     *
     * @return the background context
     */
    static Context background() {
        return ContextImpl.BACKGROUND;
    }

    /**
     * A child of {@code parent} that is done when cancelled or when the parent is done: Go's
     * {@code context.WithCancel}. Cancel it (or close it, in try-with-resources) once its work is
     * over, to release what it holds, as Go's {@code defer cancel()}.
     *
     * @param parent the parent context
     * @return the child
     */
    static CancelableContext withCancel(Context parent) {
        return ContextImpl.child(parent, null);
    }

    /**
     * A child of {@code parent} that is also done at {@code deadline}: Go's
     * {@code context.WithDeadline}. A parent with an earlier deadline wins.
     *
     * @param parent the parent context
     * @param deadline when the child is done by itself
     * @return the child
     */
    static CancelableContext withDeadline(Context parent, Instant deadline) {
        return ContextImpl.child(parent, java.util.Objects.requireNonNull(deadline, "deadline"));
    }

    /**
     * A child of {@code parent} that is also done {@code timeout} from now: Go's
     * {@code context.WithTimeout}.
     *
     * @param parent the parent context
     * @param timeout how long until the child is done by itself; zero or negative: done at once
     * @return the child
     */
    static CancelableContext withTimeout(Context parent, Duration timeout) {
        return ContextImpl.child(parent, Instant.now().plusNanos(Deadlines.clampedNanos(timeout)));
    }
}
