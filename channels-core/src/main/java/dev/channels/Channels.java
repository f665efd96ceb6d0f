package dev.channels;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

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
 * Every timer is fed by one shared daemon thread ({@code channels-timer}), as Go's runtime
 * feeds its timers, so a pending timer costs a scheduled task, not a thread. The tasks of
 * {@link #after} and of tickers hold their channel only weakly: an abandoned one is garbage
 * collected, its task then does nothing, and a ticker stops itself at its next tick.
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
        return Goroutines.start(Objects.requireNonNull(body, "body"));
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
        Channel<Instant> ch = ChannelImpl.internal(1, "time.After");
        WeakReference<Channel<Instant>> target = new WeakReference<>(ch);
        Timers.schedule(() -> {
            Channel<Instant> c = target.get();
            if (c != null) {
                c.trySend(Timers.now());
            }
        }, Deadlines.clampedNanos(delay));
        return ch;
    }

    /**
     * A timer that delivers the time on its channel once {@code delay} has passed, Go's
     * {@code time.NewTimer}; unlike {@link #after} it can be stopped and reset (see
     * {@link Timer} for Go 1.23's guarantees). A stopped timer costs nothing; one that is
     * neither stopped nor fired is held by the timer thread until it fires.
     *
     * @param delay how long until it fires; zero or negative fires at once
     * @return the running timer
     * @throws NullPointerException if {@code delay} is null
     */
    public static Timer newTimer(Duration delay) {
        return Timer.sending(Objects.requireNonNull(delay, "delay"));
    }

    /**
     * Runs {@code f} on a goroutine of its own once {@code delay} has passed, Go's
     * {@code time.AfterFunc}. {@link Timer#stop()} keeps it from starting (and says whether it
     * did); {@link Timer#reset} runs it again later. Nothing is ever sent on the timer's channel.
     *
     * <pre>{@code
     * // Go:                                         // Java:
     * t := time.AfterFunc(time.Second, flush)        Timer t = Channels.afterFunc(Duration.ofSeconds(1), this::flush);
     * defer t.Stop()                                 try { ... } finally { t.stop(); }
     * }</pre>
     *
     * @param delay how long until {@code f} starts
     * @param f the function
     * @return the timer
     * @throws NullPointerException if an argument is null
     */
    public static Timer afterFunc(Duration delay, Runnable f) {
        return Timer.calling(Objects.requireNonNull(delay, "delay"), f);
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
     * @throws NullPointerException if {@code period} is null
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
     * @throws NullPointerException if {@code period} is null
     */
    public static Ticker newTicker(Duration period) {
        return Ticker.start(period);
    }

    /**
     * Pauses the calling goroutine for {@code d}, Go's {@code time.Sleep}: as
     * {@link Thread#sleep}, except that inside a {@link Synctest} bubble it waits on the
     * bubble's fake clock (and counts as durably blocked), so a test's hour passes at once.
     *
     * @param d how long; zero or negative returns at once
     * @throws InterruptedException if interrupted before or while sleeping
     * @throws NullPointerException if {@code d} is null
     */
    public static void sleep(Duration d) throws InterruptedException {
        long deadline = Deadlines.after(d);
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (!d.isPositive()) {
            return;
        }
        if (new Decision().await(true, deadline, 0, WaitKind.SLEEP, null) == Decision.INTERRUPTED) {
            throw new InterruptedException();
        }
    }
}
