package dev.channels;

import java.util.Objects;

/**
 * Concurrent code on a fake clock, with deadlocks and leaked goroutines reported: Go's
 * {@code testing/synctest}.
 *
 * <pre>{@code
 * // Go:                                             // Java:
 * synctest.Test(t, func(t *testing.T) {              Synctest.run(() -> {
 *     ctx, cancel := context.WithTimeout(                try (var ctx = Context.withTimeout(
 *         t.Context(), time.Hour)                                Context.background(), Duration.ofHours(1))) {
 *     defer cancel()                                         ctx.awaitDone();      // at once: the hour is fake
 *     <-ctx.Done()                                           assertEquals(DEADLINE_EXCEEDED, ctx.err());
 *     // time.Now() is 2000-01-01 01:00 UTC                  }
 * })                                                 });
 * }</pre>
 *
 * <h2>Semantics</h2>
 *
 * <ul>
 *   <li>{@link #run} runs its body on a new goroutine in a new bubble. Every goroutine started
 *       from inside the bubble through this library ({@link Channels#go}, {@link WaitGroup#go},
 *       {@link ErrGroup#go}, the functions of {@link Channels#afterFunc} and
 *       {@link Context#afterFunc}) belongs to it. A thread started any other way does not: the
 *       bubble neither waits for it nor counts it.
 *   <li>Time in the bubble is fake: it starts at 2000-01-01T00:00:00Z and stands still while
 *       any goroutine of the bubble can run. When every one of them is <em>durably
 *       blocked</em> (on a channel, a select, a {@link WaitGroup}, an {@link ErrGroup}, a
 *       context's done channel, a timed operation or {@link Channels#sleep}), it jumps to the
 *       next timer, and the timers due then fire. {@link Channels#after},
 *       {@link Channels#tick}, timers, tickers, timed sends and receives,
 *       {@link Select#timeoutCase}, context deadlines and {@link Channels#sleep} all use it.
 *   <li>A goroutine blocked on anything else (I/O, a JDK lock, {@link Thread#sleep}) is not
 *       durably blocked: the bubble waits for it in real time, as Go's does.
 *   <li>When every goroutine is durably blocked and no timer is pending, none can ever run
 *       again: {@code run} throws a {@link DeadlockException} listing each with what it waits
 *       on, after interrupting them all (so they end). The same when goroutines are still
 *       blocked after the body returned.
 *   <li>{@code run} returns once every goroutine of the bubble has ended; it rethrows what the
 *       body threw, or else the first exception another goroutine of the bubble ended with. If
 *       the body throws, the other goroutines are interrupted first (a failed test should fail,
 *       not wait for goroutines that may run on for ever).
 * </ul>
 *
 * <p>Outside a bubble nothing changes; each timed facility and each park of the library pays
 * the read of one static field for it (measured: {@code docs/diagnostics.md}).
 */
public final class Synctest {
    private Synctest() {
    }

    /**
     * Runs {@code body} in a new bubble and waits for every goroutine of it to end: Go's
     * {@code synctest.Test} (and {@code Run}).
     *
     * @param body the test's code, run on a new goroutine
     * @throws DeadlockException if the bubble's goroutines all block for ever (see above)
     * @throws InterruptedException if the calling thread is interrupted while it waits (every
     *         goroutine of the bubble is then interrupted)
     * @throws Exception what {@code body} threw, or the first exception another goroutine of the
     *         bubble ended with
     * @throws IllegalStateException if called from inside a bubble
     */
    public static void run(Goroutine body) throws Exception {
        Objects.requireNonNull(body, "body");
        if (Blocking.watched() && Bubble.current() != null) {
            throw new IllegalStateException("synctest.Run called from within a synctest bubble");
        }
        Bubble bubble = new Bubble(Thread.currentThread());
        DeadlockException deadlock;
        Blocking.watch(true);
        try {
            bubble.startRoot(body);
            deadlock = bubble.coordinate();
        } finally {
            Blocking.watch(false);
        }
        Throwable failure = bubble.rootFailure();
        if (failure == null) {
            failure = bubble.otherFailure();
        }
        if (deadlock != null) {
            if (failure != null && !(failure instanceof InterruptedException)) {
                deadlock.addSuppressed(failure);
            }
            throw deadlock;
        }
        if (failure != null) {
            throw Goroutines.sneaky(failure);
        }
    }

    /**
     * Blocks until every other goroutine of the caller's bubble is durably blocked: Go's
     * {@code synctest.Wait}. Time does not move meanwhile (the caller is not blocked).
     *
     * @throws InterruptedException if interrupted while waiting
     * @throws IllegalStateException if the caller is not in a bubble, or another goroutine of
     *         the bubble is already waiting here
     */
    public static void await() throws InterruptedException {
        Bubble b = Blocking.watched() ? Bubble.current() : null;
        if (b == null) {
            throw new IllegalStateException("synctest.Wait not called from within a synctest bubble");
        }
        b.awaitOthers();
    }
}
