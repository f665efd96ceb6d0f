package dev.channels;

import java.io.Serial;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;

/**
 * The mutex each channel holds while it touches its wait queues: a non-reentrant exclusive lock
 * on {@link AbstractQueuedSynchronizer}, so contended threads park (and virtual threads unmount)
 * instead of pinning as {@code synchronized} would on Java 21. Channels extend it rather than
 * holding a {@code ReentrantLock}, which saves two objects per channel; it is never exposed,
 * since the public types are interfaces. Critical sections are short and never block or run
 * user code.
 */
abstract class ChannelLock extends AbstractQueuedSynchronizer {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Spins while the lock is held before queuing on it: critical sections are a few dozen
     * nanoseconds, a park and unpark of a virtual thread costs far more.
     */
    private static final int SPINS = 100;

    final void lock() {
        if (compareAndSetState(0, 1)) {
            return;
        }
        for (int i = 0; i < SPINS; i++) {
            Thread.onSpinWait();
            if (getState() == 0 && compareAndSetState(0, 1)) {
                return;
            }
        }
        acquire(1);
    }

    final void unlock() {
        release(1);
    }

    @Override
    protected final boolean tryAcquire(int ignored) {
        return compareAndSetState(0, 1);
    }

    @Override
    protected final boolean tryRelease(int ignored) {
        setState(0);
        return true;
    }
}
