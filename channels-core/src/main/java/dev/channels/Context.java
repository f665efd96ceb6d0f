package dev.channels;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
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

        /**
         * A new exception with Go's error text, what {@link #cause()} returns when no cause was
         * given: a {@link CancellationException} for {@code CANCELED}, a
         * {@link TimeoutException} for {@code DEADLINE_EXCEEDED}.
         *
         * @return the exception
         */
        public Exception newException() {
            return this == CANCELED ? new CancellationException(message) : new TimeoutException(message);
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
     * Why this context is done, in more detail than {@link #err()}: Go's
     * {@code context.Cause(ctx)}. Null while it is not done; once done, the cause given to the
     * {@link CancelableContext#cancel(Throwable) cancel} that made it (or an ancestor) done, or
     * else an exception whose message is {@code err()}'s text (see {@link Err#newException()}).
     * The same object on every call, for the contexts of this library.
     *
     * <pre>{@code
     * // Go:                                        // Java:
     * ctx, cancel := context.WithCancelCause(bg)    CancelableContext ctx = Context.withCancel(bg);
     * cancel(errShutdown)                           ctx.cancel(new ShutdownException());
     * context.Cause(ctx) // errShutdown             ctx.cause();   // the ShutdownException
     * ctx.Err()          // context.Canceled        ctx.err();     // CANCELED
     * }</pre>
     *
     * @return the cause, or null while not done
     */
    default Throwable cause() {
        Err e = err();
        return e == null ? null : e.newException();
    }

    /**
     * Arranges for {@code f} to run on a goroutine of its own once this context is done (at
     * once, if it already is): Go's {@code context.AfterFunc}. Each call registers {@code f}
     * anew.
     *
     * <pre>{@code
     * // Go:                                         // Java:
     * stop := context.AfterFunc(ctx, conn.Close)     BooleanSupplier stop = ctx.afterFunc(conn::close);
     * defer stop()                                   try { ... } finally { stop.getAsBoolean(); }
     * }</pre>
     *
     * @param f the function
     * @return Go's {@code stop}: true if the call kept {@code f} from starting, false if it had
     *         started (or was stopped) already
     * @throws NullPointerException if {@code f} is null
     */
    default BooleanSupplier afterFunc(Runnable f) {
        Objects.requireNonNull(f, "f");
        // A context of another implementation: a goroutine waits for it, as Go does for a
        // context it does not know.
        AtomicBoolean decided = new AtomicBoolean();
        Channel<Void> stopped = Channel.unbuffered();
        Channels.go(() -> {
            boolean done = Select.select(onDone(() -> true), stopped.onReceiveOk(x -> false));
            if (done && decided.compareAndSet(false, true)) {
                f.run();
            }
        });
        return () -> {
            if (!decided.compareAndSet(false, true)) {
                return false;
            }
            stopped.close();
            return true;
        };
    }

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
     * {@code context.WithCancel}, and with {@link CancelableContext#cancel(Throwable)} Go's
     * {@code WithCancelCause}. Cancel it (or close it, in try-with-resources) once its work is
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
        return ContextImpl.child(parent, Timers.now().plusNanos(Deadlines.clampedNanos(timeout)));
    }

    /**
     * A context that is never done, has no deadline and no cause, whatever {@code parent} does:
     * Go's {@code context.WithoutCancel}, for work that must outlive the request that started
     * it (a write-behind, an audit log). Its children are cancelled only by themselves.
     *
     * @param parent the context it stands for
     * @return the context
     * @throws NullPointerException if {@code parent} is null
     */
    static Context withoutCancel(Context parent) {
        return ContextImpl.withoutCancel(parent);
    }
}
