package dev.channels;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A running ticker, Go's {@code *time.Ticker}: delivers the time on {@link #channel()} every
 * period until stopped. Made by {@link Channels#newTicker}.
 *
 * <pre>{@code
 * // Go:                                   // Java:
 * t := time.NewTicker(time.Second)         try (Ticker t = Channels.newTicker(Duration.ofSeconds(1))) {
 * defer t.Stop()                               for (Instant now : t.channel()) {
 * for now := range t.C { fmt.Println(now) }        System.out.println(now);
 *                                              }
 *                                          }
 * }</pre>
 *
 * <p>As in Go 1.23: the channel holds one tick, so a slow receiver misses ticks rather than
 * queuing them (the ticker drops ticks to make up for it, keeping to its period); once
 * {@link #stop} or {@link #reset} has returned, no tick from before is received; the channel is
 * never closed. A ticker whose channel is no longer reachable stops by itself.
 *
 * <h2>Algorithm</h2>
 *
 * {@link Timer}'s: a lock and a generation, here re-arming one task per tick at fixed rate
 * ({@code next += period}, skipping the periods already past). The scheduled task holds the
 * channel weakly, so that {@link Channels#tick}, whose caller keeps only the channel, stops
 * once the channel is collected.
 */
public final class Ticker implements AutoCloseable {
    private final Channel<Instant> channel;
    private final Ticks ticks;

    private Ticker(Channel<Instant> channel, Ticks ticks) {
        this.channel = channel;
        this.ticks = ticks;
    }

    /** A running ticker of {@code period}, which must be positive. */
    static Ticker start(Duration period) {
        long nanos = periodNanos(period, "NewTicker");
        Channel<Instant> ch = ChannelImpl.internal(1, "Ticker.C");
        Ticks t = new Ticks(ch);
        t.restart(nanos);
        return new Ticker(ch, t);
    }

    private static long periodNanos(Duration period, String what) {
        Objects.requireNonNull(period, "period");
        if (!period.isPositive()) {
            throw new IllegalArgumentException("non-positive interval for " + what + ": " + period);
        }
        return Deadlines.clampedNanos(period);
    }

    /**
     * The channel the ticks arrive on, Go's {@code t.C}: holds at most one tick, never closed,
     * not even by {@link #stop()}.
     *
     * @return the tick channel
     */
    public ReceiveChannel<Instant> channel() {
        return channel;
    }

    /**
     * Stops the ticks, Go's {@code t.Stop()}. A tick nobody received is taken back. Idempotent.
     */
    public void stop() {
        ticks.stop();
    }

    /**
     * Stops the ticker and starts it again with a new period, Go's {@code t.Reset(d)}: the next
     * tick arrives {@code period} from now. A tick nobody received is taken back. Also restarts
     * a stopped ticker.
     *
     * @param period the new time between ticks
     * @throws IllegalArgumentException if {@code period} is not positive
     * @throws NullPointerException if {@code period} is null
     */
    public void reset(Duration period) {
        ticks.restart(periodNanos(period, "Ticker.Reset"));
    }

    /** Same as {@link #stop()}, for try-with-resources. */
    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "Ticker[" + ticks + "]";
    }

    /** The ticking itself: what the timer thread holds, with the channel only weakly. */
    private static final class Ticks {
        private final WeakReference<Channel<Instant>> target;
        private final ReentrantLock lock = new ReentrantLock();
        private long generation;        // guarded by lock
        private boolean running;        // guarded by lock
        private long periodNanos;       // guarded by lock
        private long next;              // guarded by lock: the nanoTime of the next tick
        private Timers.Handle task;     // guarded by lock

        Ticks(Channel<Instant> channel) {
            this.target = new WeakReference<>(channel);
        }

        void restart(long period) {
            lock.lock();
            try {
                stopLocked();
                running = true;
                periodNanos = period;
                next = Timers.nanoTime() + period;
                scheduleLocked();
            } finally {
                lock.unlock();
            }
        }

        void stop() {
            lock.lock();
            try {
                stopLocked();
            } finally {
                lock.unlock();
            }
        }

        private void stopLocked() {
            running = false;
            generation++;
            if (task != null) {
                task.cancel();
                task = null;
            }
            Channel<Instant> c = target.get();
            if (c != null) {
                c.tryReceive();                      // no stale tick after stop or reset
            }
        }

        private void scheduleLocked() {
            long g = generation;
            task = Timers.schedule(() -> tick(g), next - Timers.nanoTime());
        }

        private void tick(long g) {
            lock.lock();
            try {
                if (!running || generation != g) {
                    return;
                }
                Channel<Instant> c = target.get();
                if (c == null) {
                    running = false;                 // nobody can receive any more
                    task = null;
                    return;
                }
                c.trySend(Timers.now());             // full: the receiver is slow, drop it
                long now = Timers.nanoTime();
                next += periodNanos;
                if (next - now <= 0L) {              // behind: skip the periods already past
                    next += ((now - next) / periodNanos + 1) * periodNanos;
                }
                scheduleLocked();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public String toString() {
            lock.lock();
            try {
                return running ? "period " + Duration.ofNanos(periodNanos) : "stopped";
            } finally {
                lock.unlock();
            }
        }
    }
}
