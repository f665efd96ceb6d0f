package dev.channels.bench;

import dev.channels.Channel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.jctools.queues.MessagePassingQueue;
import org.jctools.queues.varhandle.MpmcVarHandleArrayQueue;

/**
 * The one operation pair every benchmark needs, so that one JMH run compares every system
 * side by side: a blocking send and a blocking receive of one element. Each implementation is
 * the closest thing a Java developer would pick instead of a channel of that capacity.
 */
interface Pipe {
    void send(Integer v) throws InterruptedException;

    Integer receive() throws InterruptedException;

    /**
     * A pipe of the given system and capacity (0 = a rendezvous). Systems: {@code channels};
     * {@code jox}; {@code jdk} (SynchronousQueue for 0, ArrayBlockingQueue otherwise);
     * {@code ltq} (LinkedTransferQueue: transfer for 0, unbounded put otherwise); {@code jctools}
     * (a raw JCTools MPMC queue with spin-then-park waiting: the floor of any channel over it;
     * capacity 0 is served as capacity 1, since a queue has no rendezvous).
     */
    static Pipe of(String system, int capacity) {
        return switch (system) {
            case "channels" -> channels(capacity);
            case "jox" -> jox(capacity);
            case "jdk" -> blockingQueue(capacity == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(capacity));
            case "ltq" -> ltq(capacity);
            case "jctools" -> new SpinThenParkQueue(Math.max(capacity, 1));
            default -> throw new IllegalArgumentException("unknown system: " + system);
        };
    }

    /** The blocking send of some system, as a method reference. */
    @FunctionalInterface
    interface Sender {
        void send(Integer v) throws InterruptedException;
    }

    /** The blocking receive of some system, as a method reference. */
    @FunctionalInterface
    interface Receiver {
        Integer receive() throws InterruptedException;
    }

    /** A pipe made of one system's send and receive. */
    static Pipe from(Sender sender, Receiver receiver) {
        return new Pipe() {
            @Override
            public void send(Integer v) throws InterruptedException {
                sender.send(v);
            }

            @Override
            public Integer receive() throws InterruptedException {
                return receiver.receive();
            }
        };
    }

    private static Pipe channels(int capacity) {
        Channel<Integer> ch = Channel.buffered(capacity);
        return from(ch::send, ch::receive);
    }

    private static Pipe jox(int capacity) {
        com.softwaremill.jox.Channel<Integer> ch = capacity == 0
                ? com.softwaremill.jox.Channel.newRendezvousChannel()
                : com.softwaremill.jox.Channel.newBufferedChannel(capacity);
        return from(ch::send, ch::receive);
    }

    private static Pipe blockingQueue(BlockingQueue<Integer> q) {
        return from(q::put, q::take);
    }

    /** LinkedTransferQueue: transfer (waits for the taker) for 0, an unbounded put otherwise. */
    private static Pipe ltq(int capacity) {
        LinkedTransferQueue<Integer> q = new LinkedTransferQueue<>();
        return from(capacity == 0 ? q::transfer : q::put, q::take);
    }

    /**
     * A raw JCTools MPMC queue with the simplest correct blocking on top: spin, then park with a
     * single registered waiter per side, re-checking after registering (Dekker on the queue and
     * the waiter slot). Correct for one producer and one consumer, which is all the floor
     * benchmarks use it for.
     */
    final class SpinThenParkQueue implements Pipe {
        private static final int SPINS = 128;
        private final MessagePassingQueue<Integer> q;
        private final AtomicReference<Thread> parkedConsumer = new AtomicReference<>();
        private final AtomicReference<Thread> parkedProducer = new AtomicReference<>();

        SpinThenParkQueue(int capacity) {
            q = new MpmcVarHandleArrayQueue<>(Math.max(2, capacity));
        }

        @Override
        public void send(Integer v) throws InterruptedException {
            await(() -> q.offer(v) ? v : null, parkedProducer);
            wake(parkedConsumer);
        }

        @Override
        public Integer receive() throws InterruptedException {
            Integer v = await(q::poll, parkedConsumer);
            wake(parkedProducer);
            return v;
        }

        /**
         * Retries {@code attempt} until it returns non-null: spinning first, then registered in
         * {@code slot} and re-trying once more before each park, so that the other side, which
         * acts and then reads the slot, cannot miss us.
         */
        private Integer await(Supplier<Integer> attempt, AtomicReference<Thread> slot) throws InterruptedException {
            Integer r;
            for (int i = 0; (r = attempt.get()) == null; i++) {
                if (i < SPINS) {
                    Thread.onSpinWait();
                    continue;
                }
                slot.set(Thread.currentThread());
                r = attempt.get();
                if (r == null) {
                    LockSupport.park(this);
                }
                slot.compareAndSet(Thread.currentThread(), null);
                if (r != null) {
                    return r;
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
            return r;
        }

        private static void wake(AtomicReference<Thread> slot) {
            Thread t = slot.get();
            if (t != null) {
                LockSupport.unpark(t);
            }
        }
    }
}
