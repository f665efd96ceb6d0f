package dev.channels;

import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Where the library's time comes from: the clock read by timeouts and timers, and the one
 * thread that runs every timer's task ({@code channels-timer}), as Go's runtime runs its
 * timers, so that a pending timer costs a scheduled task, not a thread. Every timed facility
 * of the library goes through here and nowhere else, so that inside a {@link Synctest} bubble
 * all of them run on the bubble's fake clock instead (outside one, the price is the read of
 * one static field).
 *
 * <p>Cancelled tasks are removed from the queue at once, so a stopped timer or a cancelled
 * context leaves nothing behind.
 */
final class Timers {
    private static final ScheduledThreadPoolExecutor SCHEDULER = newScheduler();

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

    /** A scheduled task, which {@link #cancel} removes if it has not started. */
    interface Handle {
        /** Removes the task if it has not run; harmless afterwards. */
        void cancel();
    }

    /**
     * Runs {@code task} on the timer thread {@code delayNanos} from now (at once if not
     * positive). The task must not block: it runs on the one thread all timers share.
     */
    static Handle schedule(Runnable task, long delayNanos) {
        Bubble b = Blocking.watched() ? Bubble.current() : null;
        if (b != null) {
            return b.schedule(task, delayNanos);
        }
        ScheduledFuture<?> f = SCHEDULER.schedule(task, Math.max(0L, delayNanos), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    /** The monotonic clock of deadlines: {@link System#nanoTime()}, or the bubble's fake one. */
    static long nanoTime() {
        Bubble b = Blocking.watched() ? Bubble.current() : null;
        return b != null ? b.nanoTime() : System.nanoTime();
    }

    /** The wall clock that timers deliver and contexts' deadlines are read against; fake in a bubble. */
    static Instant now() {
        Bubble b = Blocking.watched() ? Bubble.current() : null;
        return b != null ? b.instant() : Instant.now();
    }
}
