package dev.channels.stress;

import dev.channels.Channel;
import dev.channels.ChannelClosedException;
import dev.channels.Select;
import java.util.ArrayDeque;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The non-blocking operations (trySend, tryReceive, size, isClosed, close, and select with a
 * default case) are linearizable: Lincheck's model checker explores interleavings of concurrent
 * scenarios and checks every outcome against {@link Spec}, a sequential Go channel. Blocking
 * operations are left to jcstress: Lincheck cannot model them in this mode (see
 * shared/notes/tooling.md). Results are ints so that closure is a value: -1.
 */
class NonBlockingLinearizabilityTest {

    /** The settings that keep each check to a few seconds. */
    private static ModelCheckingOptions options() {
        return new ModelCheckingOptions()
                .iterations(20)
                .invocationsPerIteration(1_000)
                .threads(2)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(1);
    }

    @Test
    @Timeout(120)
    void unbuffered() {
        options().sequentialSpecification(Spec0.class).check(Unbuffered.class);
    }

    @Test
    @Timeout(120)
    void capacity1() {
        options().sequentialSpecification(Spec1.class).check(Capacity1.class);
    }

    @Test
    @Timeout(120)
    void capacity2() {
        options().sequentialSpecification(Spec2.class).check(Capacity2.class);
    }

    /** The channel under test, behind int-valued operations. */
    @Param(name = "value", gen = IntGen.class, conf = "1:3")
    public abstract static class Ops {
        private final Channel<Integer> ch;

        Ops(int capacity) {
            ch = Channel.buffered(capacity);
        }

        @Operation
        public int trySend(@Param(name = "value") int v) {
            try {
                return ch.trySend(v) ? 1 : 0;
            } catch (ChannelClosedException e) {
                return -1;
            }
        }

        @Operation
        public int tryReceive() {
            try {
                Integer v = ch.tryReceive();
                return v == null ? 0 : v;
            } catch (ChannelClosedException e) {
                return -1;
            }
        }

        @Operation
        public int selectSendOrDefault(@Param(name = "value") int v) {
            try {
                return Select.select(ch.onSend(v, () -> 1), Select.defaultCase(() -> 0));
            } catch (ChannelClosedException e) {
                return -1;
            } catch (InterruptedException e) {
                throw new AssertionError("a select with default never blocks", e);
            }
        }

        @Operation
        public int selectReceiveOrDefault() {
            try {
                return Select.select(ch.onReceiveOk(o -> o.orElse(-1)), Select.defaultCase(() -> 0));
            } catch (InterruptedException e) {
                throw new AssertionError("a select with default never blocks", e);
            }
        }

        @Operation
        public int size() {
            return ch.size();
        }

        @Operation
        public boolean isClosed() {
            return ch.isClosed();
        }

        @Operation
        public int close() {
            try {
                ch.close();
                return 1;
            } catch (ChannelClosedException e) {
                return -1;
            }
        }
    }

    public static class Unbuffered extends Ops {
        public Unbuffered() {
            super(0);
        }
    }

    public static class Capacity1 extends Ops {
        public Capacity1() {
            super(1);
        }
    }

    public static class Capacity2 extends Ops {
        public Capacity2() {
            super(2);
        }
    }

    /**
     * A Go channel, sequentially: a FIFO of at most {@code capacity} elements and a closed flag.
     * With no operation ever parked, an unbuffered channel never completes a non-blocking send
     * or receive.
     */
    public abstract static class Spec {
        private final int capacity;
        private final ArrayDeque<Integer> buffer = new ArrayDeque<>();
        private boolean closed;

        Spec(int capacity) {
            this.capacity = capacity;
        }

        public int trySend(int v) {
            if (closed) {
                return -1;
            }
            if (buffer.size() == capacity) {
                return 0;
            }
            buffer.add(v);
            return 1;
        }

        public int tryReceive() {
            if (!buffer.isEmpty()) {
                return buffer.poll();
            }
            return closed ? -1 : 0;
        }

        public int selectSendOrDefault(int v) {
            return trySend(v);
        }

        public int selectReceiveOrDefault() {
            return tryReceive();
        }

        public int size() {
            return buffer.size();
        }

        public boolean isClosed() {
            return closed;
        }

        public int close() {
            if (closed) {
                return -1;
            }
            closed = true;
            return 1;
        }
    }

    public static class Spec0 extends Spec {
        public Spec0() {
            super(0);
        }
    }

    public static class Spec1 extends Spec {
        public Spec1() {
            super(1);
        }
    }

    public static class Spec2 extends Spec {
        public Spec2() {
            super(2);
        }
    }
}
