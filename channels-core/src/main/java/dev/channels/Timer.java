package dev.channels;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A single event, Go's {@code *time.Timer}: made by {@link Channels#newTimer}, it delivers the
 * time on {@link #channel()} once its duration has passed; made by {@link Channels#afterFunc},
 * it runs a function on a goroutine of its own instead.
 *
 * <pre>{@code
 * // Go:                                     // Java:
 * t := time.NewTimer(time.Minute)            Timer t = Channels.newTimer(Duration.ofMinutes(1));
 * for {                                      for (;;) {
 *     select {                                   var tick = Select.recv(t.channel());
 *     case <-t.C:                                var job = Select.recv(jobs);
 *         refresh()                              var s = Select.await(tick, job);
 *         t.Reset(time.Minute)                   if (s.is(tick)) {
 *     case j := <-jobs:                              refresh();
 *         run(j)                                     t.reset(Duration.ofMinutes(1));
 *     }                                          } else {
 * }                                                  run(s.value(job));
 *                                                }
 *                                            }
 * }</pre>
 *
 * <h2>Semantics: Go 1.23's</h2>
 *
 * Once {@link #stop} or {@link #reset} has returned, a receive from {@link #channel()} sees no
 * value from before the call: a value the timer sent and nobody received is taken back. (So the
 * old idiom {@code if (!t.stop()) { <-t.C }} must not be used: it would block.) {@code stop}
 * returns true if it stopped the timer before it fired, {@code reset} if the timer was still
 * active; both may be called at any time, from any thread, any number of times. The channel
 * holds at most one value and is never closed. One difference with Go: Go 1.23 reports
 * {@code cap(t.C)} and {@code len(t.C)} as 0, while {@link ReceiveChannel#capacity()} here says
 * 1, what the channel really holds.
 *
 * <h2>Algorithm</h2>
 *
 * A lock, a generation number and an active flag. Arming (creation, {@code reset}) schedules a
 * task for the current generation; the task, under the lock, fires only if the timer is still
 * active in that generation, and sends (or starts the function) before it lets go of the lock.
 * {@code stop} and {@code reset}, under the same lock, end the generation, cancel the task and
 * take back an unreceived value. So a firing either completes before a stop or reset (which then
 * sees the timer inactive and removes the value) or does not happen at all. The lock is a
 * {@link ReentrantLock}, which parks without pinning a virtual thread; no one holds it while
 * blocking.
 */
public final class Timer {
    private final Channel<Instant> channel;
    private final Runnable function;
    private final ReentrantLock lock = new ReentrantLock();
    private long generation;            // guarded by lock
    private boolean active;             // guarded by lock
    private Timers.Handle task;         // guarded by lock

    private Timer(Channel<Instant> channel, Runnable function) {
        this.channel = channel;
        this.function = function;
    }

    /** A timer that sends on its channel, armed for {@code delay}. */
    static Timer sending(Duration delay) {
        Timer t = new Timer(ChannelImpl.internal(1, "Timer.C"), null);
        t.arm(Deadlines.clampedNanos(delay));
        return t;
    }

    /** A timer that runs {@code function} on a goroutine of its own, armed for {@code delay}. */
    static Timer calling(Duration delay, Runnable function) {
        // Its channel is never sent on: a receive from it blocks, as on Go's nil t.C.
        Timer t = new Timer(ChannelImpl.internal(0, "AfterFunc.C"), Objects.requireNonNull(function, "function"));
        t.arm(Deadlines.clampedNanos(delay));
        return t;
    }

    /**
     * The channel the time arrives on, Go's {@code t.C}; never closed. For a timer made by
     * {@link Channels#afterFunc} nothing is ever sent on it.
     *
     * @return the timer's channel
     */
    public ReceiveChannel<Instant> channel() {
        return channel;
    }

    /**
     * Stops the timer, Go's {@code t.Stop()}. Afterwards no value from before is received.
     *
     * @return true if this call stopped the timer before it fired; false if it had already
     *         fired or been stopped (for {@code afterFunc}: true if it kept the function from
     *         starting)
     */
    public boolean stop() {
        lock.lock();
        try {
            boolean wasActive = active;
            disarmLocked();
            return wasActive;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Re-arms the timer to fire {@code d} from now, Go's {@code t.Reset(d)}, whether it was
     * active, stopped or had fired. Afterwards no value from before is received.
     *
     * @param d the new duration; zero or negative fires at once
     * @return true if the timer was active (had neither fired nor been stopped)
     * @throws NullPointerException if {@code d} is null
     */
    public boolean reset(Duration d) {
        long nanos = Deadlines.clampedNanos(d);
        lock.lock();
        try {
            boolean wasActive = active;
            disarmLocked();
            armLocked(nanos);
            return wasActive;
        } finally {
            lock.unlock();
        }
    }

    private void arm(long nanos) {
        lock.lock();
        try {
            armLocked(nanos);
        } finally {
            lock.unlock();
        }
    }

    private void armLocked(long nanos) {
        long g = ++generation;
        active = true;
        task = Timers.schedule(() -> fire(g), nanos);
    }

    /** Ends the current generation: cancels its task and takes back a value nobody received. */
    private void disarmLocked() {
        active = false;
        generation++;
        if (task != null) {
            task.cancel();
            task = null;
        }
        if (function == null) {
            channel.tryReceive();
        }
    }

    /** The scheduled task of generation {@code g}. */
    private void fire(long g) {
        lock.lock();
        try {
            if (!active || generation != g) {
                return;
            }
            active = false;
            task = null;
            if (function != null) {
                Goroutines.start(function::run);
            } else {
                channel.trySend(Timers.now());
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        lock.lock();
        try {
            return "Timer[" + (active ? "active" : "inactive") + (function != null ? ", func]" : "]");
        } finally {
            lock.unlock();
        }
    }
}
