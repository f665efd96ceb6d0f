package dev.channels;

import java.time.Duration;
import java.util.Objects;

/**
 * Timeouts as {@link Timers#nanoTime()} deadlines, for every blocking call that takes a
 * {@link Duration}. Compare a deadline only through {@code deadline - Timers.nanoTime()}, as
 * nanoTime itself may be negative.
 */
final class Deadlines {
    /** Longest wait honoured, about 73 years; keeps {@code deadline - now} free of overflow. */
    static final long MAX_WAIT_NANOS = Long.MAX_VALUE >> 2;

    private Deadlines() {
    }

    /** The deadline {@code timeout} from now. */
    static long after(Duration timeout) {
        return Timers.nanoTime() + clampedNanos(timeout);
    }

    /** {@code d} in nanoseconds, negative as 0 and at most {@link #MAX_WAIT_NANOS}. */
    static long clampedNanos(Duration d) {
        Objects.requireNonNull(d, "timeout");
        if (d.isNegative()) {
            return 0L;
        }
        return d.compareTo(Duration.ofNanos(MAX_WAIT_NANOS)) >= 0 ? MAX_WAIT_NANOS : d.toNanos();
    }
}
