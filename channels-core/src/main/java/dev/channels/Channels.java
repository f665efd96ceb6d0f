package dev.channels;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Goroutines and timers: Go's {@code go} statement and the channel side of its {@code time}
 * package.
 *
 * <pre>{@code
 * // Go:                                    // Java:
 * go worker(jobs)                           Channels.go(() -> worker(jobs));
 * select {                                  Select.select(
 * case r := <-results: use(r)                   results.onReceive(r -> use(r)),
 * case <-time.After(time.Second): giveUp()      Channels.after(Duration.ofSeconds(1)).onReceive(t -> giveUp()));
 * }
 * }</pre>
 *
 * <h2>Timers</h2>
 *
 * Every timer channel is fed by one shared daemon thread ({@code channels-timer}), as Go's
 * runtime feeds its timers, so a pending timer costs a scheduled task, not a thread. The task
 * holds its channel only weakly: an abandoned timer channel is garbage collected, and its task
 * then does nothing, and a ticker stops itself at its next tick.
 */
public final class Channels {
    private Channels() {
    }

    /**
     * Starts a goroutine: runs {@code body} on a new virtual thread, Go's {@code go f()}.
     *
     * <p>If {@code body} throws {@link InterruptedException}, the goroutine just ends (an
     * interrupt is how a goroutine is asked to stop); any other exception goes to the thread's
     * uncaught-exception handler, which prints it by default.
     *
     * @param body the goroutine's code
     * @return the started virtual thread, for {@code join} or {@code interrupt}
     * @throws NullPointerException if {@code body} is null
     */
    public static Thread go(Goroutine body) {
        Objects.requireNonNull(body, "body");
        return Thread.ofVirtual().start(() -> {
            try {
                body.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                throw sneaky(e);
            }
        });
    }

    /**
     * A channel that receives the current time once {@code delay} has passed, Go's
     * {@code time.After}. It is buffered (capacity 1), so the timer never waits for a receiver,
     * and it is never closed. A zero or negative delay fires at once.
     *
     * @param delay how long to wait
     * @return the channel the time arrives on
     * @throws NullPointerException if {@code delay} is null
     */
    public static ReceiveChannel<Instant> after(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        Channel<Instant> ch = Channel.buffered(1);
        WeakReference<Channel<Instant>> target = new WeakReference<>(ch);
        Timers.SCHEDULER.schedule(() -> {
            Channel<Instant> c = target.get();
            if (c != null) {
                c.trySend(Instant.now());
            }
        }, Deadlines.clampedNanos(delay), TimeUnit.NANOSECONDS);
        return ch;
    }

    /**
     * A channel that receives the current time every {@code period}, Go's {@code time.Tick}.
     * Like Go's ticker it drops ticks for a slow receiver instead of queuing them (its buffer
     * holds one). It ticks as long as the channel is reachable; use {@link #newTicker} to stop
     * it explicitly.
     *
     * @param period the time between ticks
     * @return the channel the ticks arrive on
     * @throws IllegalArgumentException if {@code period} is not positive
     */
    public static ReceiveChannel<Instant> tick(Duration period) {
        return newTicker(period).channel();
    }

    /**
     * A ticker, Go's {@code time.NewTicker}: ticks on {@link Ticker#channel()} every
     * {@code period} until {@link Ticker#stop() stopped}.
     *
     * @param period the time between ticks
     * @return the running ticker
     * @throws IllegalArgumentException if {@code period} is not positive
     */
    public static Ticker newTicker(Duration period) {
        Objects.requireNonNull(period, "period");
        if (!period.isPositive()) {
            throw new IllegalArgumentException("non-positive interval for NewTicker: " + period);
        }
        Channel<Instant> ch = Channel.buffered(1);
        return new Ticker(ch, Timers.every(ch, Deadlines.clampedNanos(period)));
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> RuntimeException sneaky(Throwable e) throws E {
        throw (E) e;
    }

    /** The shared timer thread. */
    static final class Timers {
        static final ScheduledThreadPoolExecutor SCHEDULER = newScheduler();

        private Timers() {
        }

        private static ScheduledThreadPoolExecutor newScheduler() {
            ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "channels-timer");
                t.setDaemon(true);
                return t;
            });
            s.setRemoveOnCancelPolicy(true);
            return s;
        }


        /** Sends the time to {@code ch} every period while it is reachable. */
        static ScheduledFuture<?> every(Channel<Instant> ch, long periodNanos) {
            TickTask task = new TickTask(ch);
            task.future = SCHEDULER.scheduleAtFixedRate(task, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
            return task.future;
        }
    }

    /** One ticker's periodic task; cancels itself once its channel has been collected. */
    private static final class TickTask implements Runnable {
        private final WeakReference<Channel<Instant>> target;
        volatile ScheduledFuture<?> future;

        TickTask(Channel<Instant> ch) {
            this.target = new WeakReference<>(ch);
        }

        @Override
        public void run() {
            Channel<Instant> c = target.get();
            if (c != null) {
                c.trySend(Instant.now());
            } else if (future != null) {
                future.cancel(false);
            }
        }
    }
}
