package dev.channels.stress;

import dev.channels.Channel;
import dev.channels.ChannelClosedException;
import dev.channels.Select;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.List;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
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

    @Test
    @Timeout(120)
    void capacity4() {
        options().sequentialSpecification(Spec4.class).check(Capacity4.class);
    }

    /**
     * A send counted by {@code size()} keeps its place in the order: thread 1's send may be
     * caught between taking its place and storing its element while thread 2 sees a size of 1,
     * sends and receives. The receive must return thread 1's element, which entered first. A
     * buffer that counts sends in one order and queues them in another (counters beside a
     * JCTools queue, as before {@code RingBuffer}) lets the receive return its own element:
     * the random scenarios above had not met that interleaving, this one scenario finds it.
     */
    @Test
    @Timeout(120)
    void aCountedSendKeepsItsPlaceInTheOrder() throws Exception {
        Method trySend = Capacity2.class.getMethod("trySend", int.class);
        Method size = Capacity2.class.getMethod("size");
        Method tryReceive = Capacity2.class.getMethod("tryReceive");
        ExecutionScenario scenario = new ExecutionScenario(
                List.of(),
                List.of(List.of(actor(trySend, 1)),
                        List.of(actor(size), actor(trySend, 2), actor(tryReceive))),
                List.of(actor(tryReceive)),
                null);
        new ModelCheckingOptions()
                .iterations(0)
                .invocationsPerIteration(10_000)
                .addCustomScenario(scenario)
                .sequentialSpecification(Spec2.class)
                .check(Capacity2.class);
    }

    private static Actor actor(Method m, Object... args) {
        return new Actor(m, List.of(args), false, false, false, false, false);
    }

    /**
     * Above capacity 4 a lock-free receive that meets a send in flight pauses 128 spin hints
     * before each new look (see {@code WaitPolicy.catchUpPauses}); Lincheck's default loop bound
     * takes that bounded wait for a hang, so it is raised here.
     */
    @Test
    @Timeout(120)
    void capacity8() {
        options().loopBound(5_000).sequentialSpecification(Spec8.class).check(Capacity8.class);
    }

    /**
     * {@code receiveOk} blocks on an open, empty channel, which Lincheck's model checker cannot
     * run; on a closed channel it never blocks. So it is checked as receivers drain a channel of
     * capacity 4 closed with three elements in it, racing {@code tryReceive}, a send that must
     * fail and a second close: every element exactly once, and the empty
     * {@code Optional} only once the buffer is drained.
     */
    @Test
    @Timeout(120)
    void receiveOkWhileAClosedChannelDrains() {
        options().sequentialSpecification(DrainingSpec.class).check(Draining.class);
    }

    /**
     * The same with {@code size()}. This check found a real fault, fixed since: a receive
     * used to poll and then count its element down, so a {@code size()} between the two
     * counted an element that a third operation had already seen taken (Lincheck's
     * counterexample: {@code receiveOk(): 1} in one thread against {@code tryReceive(): 2;
     * size(): 2} in the other, when the size after two receives must be 1). A receive now
     * takes a ticket, which is both its place in the count and its place in the order; see
     * {@code RingBuffer}.
     */
    @Test
    @Timeout(120)
    void sizeWhileAClosedChannelDrains() {
        options().sequentialSpecification(DrainingSpec.class).check(DrainingWithSize.class);
    }

    /** {@code tryReceive}: the element, 0 if none is ready, -1 if closed and drained. */
    static int tryReceiveOf(Channel<Integer> ch) {
        try {
            Integer v = ch.tryReceive();
            return v == null ? 0 : v;
        } catch (ChannelClosedException e) {
            return -1;
        }
    }

    /** {@code close}: 1, or -1 if it was already closed. */
    static int closeOf(Channel<Integer> ch) {
        try {
            ch.close();
            return 1;
        } catch (ChannelClosedException e) {
            return -1;
        }
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
            return tryReceiveOf(ch);
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
            return closeOf(ch);
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

    public static class Capacity4 extends Ops {
        public Capacity4() {
            super(4);
        }
    }

    public static class Capacity8 extends Ops {
        public Capacity8() {
            super(8);
        }
    }

    /** A channel of capacity 4 closed with 1, 2 and 3 buffered, behind int-valued operations. */
    public static class Draining {
        final Channel<Integer> ch = Channel.buffered(4);

        public Draining() {
            for (int v = 1; v <= 3; v++) {
                if (!ch.trySend(v)) {
                    throw new IllegalStateException("no room in a new channel of capacity 4");
                }
            }
            ch.close();
        }

        @Operation
        public int receiveOk() {
            try {
                return ch.receiveOk().orElse(-1);
            } catch (InterruptedException e) {
                throw new AssertionError("a receive on a closed channel never blocks", e);
            }
        }

        @Operation
        public int tryReceive() {
            return tryReceiveOf(ch);
        }

        @Operation
        public int trySend() {
            try {
                return ch.trySend(9) ? 1 : 0;
            } catch (ChannelClosedException e) {
                return -1;
            }
        }

        @Operation
        public int close() {
            return closeOf(ch);
        }
    }

    /** {@link Draining} with {@code size()}. */
    public static class DrainingWithSize extends Draining {
        @Operation
        public int size() {
            return ch.size();
        }
    }

    /** {@link Draining}, sequentially. */
    public static class DrainingSpec {
        private final ArrayDeque<Integer> buffer = new ArrayDeque<>(java.util.List.of(1, 2, 3));

        public int receiveOk() {
            return buffer.isEmpty() ? -1 : buffer.poll();
        }

        public int tryReceive() {
            return receiveOk();
        }

        public int trySend() {
            return -1;
        }

        public int size() {
            return buffer.size();
        }

        public int close() {
            return -1;
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

    public static class Spec4 extends Spec {
        public Spec4() {
            super(4);
        }
    }

    public static class Spec8 extends Spec {
        public Spec8() {
            super(8);
        }
    }
}
