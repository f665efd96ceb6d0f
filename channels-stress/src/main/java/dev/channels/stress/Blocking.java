package dev.channels.stress;

import dev.channels.ReceiveChannel;
import dev.channels.Select;
import dev.channels.SelectCase;
import dev.channels.SendChannel;
import dev.channels.WaitGroup;

/**
 * The blocking calls, for jcstress actors, which may not throw checked exceptions. No test
 * here interrupts a thread unless it says so, so an interruption is a test failure.
 */
final class Blocking {
    private Blocking() {
    }

    static <T> void send(SendChannel<T> ch, T v) {
        try {
            ch.send(v);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    static <T> T receive(ReceiveChannel<T> ch) {
        try {
            return ch.receive();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** The element, or {@code otherwise} once the channel is closed and drained. */
    static <T> T receiveOr(ReceiveChannel<T> ch, T otherwise) {
        try {
            return ch.receiveOk().orElse(otherwise);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @SafeVarargs
    static <R> R select(SelectCase<? extends R>... cases) {
        try {
            return Select.select(cases);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    static void await(WaitGroup wg) {
        try {
            wg.await();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** {@code tryReceive} with 0 for "nothing ready" and -1 for "closed and drained". */
    static int tryReceive(ReceiveChannel<Integer> ch) {
        try {
            Integer v = ch.tryReceive();
            return v == null ? 0 : v;
        } catch (dev.channels.ChannelClosedException closed) {
            return -1;
        }
    }
}
