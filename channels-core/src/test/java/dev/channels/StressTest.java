package dev.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Many producers and consumers at once: every element arrives exactly once, and each consumer
 * sees each producer's elements in the order they were sent. Elements are {@code producer *
 * PER_PRODUCER + seq}.
 */
@Timeout(120)
class StressTest {
    private static final int PRODUCERS = 4;
    private static final int CONSUMERS = 4;
    private static final int PER_PRODUCER = 50_000;
    /** Added to elements received from the second channel of a select, to check order per channel. */
    private static final int FROM_B = PRODUCERS * PER_PRODUCER;

    static Stream<Arguments> kinds() {
        List<Arguments> a = new ArrayList<>();
        for (int capacity : new int[] {0, 1, 16, 1024}) {
            a.add(Arguments.of(capacity, true));
            a.add(Arguments.of(capacity, false));
        }
        return a.stream();
    }

    private static Thread start(boolean virtual, Goroutine body) {
        Runnable r = () -> {
            try {
                body.run();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
        return virtual ? Thread.ofVirtual().start(r) : Thread.ofPlatform().daemon().start(r);
    }

    /** Checks exactly-once delivery and per-producer order, then waits for all threads. */
    private static void verify(List<Thread> threads, List<List<Integer>> perConsumer, AtomicIntegerArray seen)
            throws InterruptedException {
        for (Thread t : threads) {
            assertTrue(t.join(Duration.ofSeconds(100)), "stuck: " + t);
        }
        long total = 0;
        for (List<Integer> got : perConsumer) {
            int[] last = new int[2 * PRODUCERS]; // per producer and channel
            java.util.Arrays.fill(last, -1);
            for (int v : got) {
                int p = v / PER_PRODUCER; // >= PRODUCERS for elements tagged FROM_B
                int seq = v % PER_PRODUCER;
                assertTrue(seq > last[p], "producer " + p % PRODUCERS + " reordered: " + seq + " after " + last[p]);
                last[p] = seq;
            }
            total += got.size();
        }
        for (int i = 0; i < seen.length(); i++) {
            assertEquals(1, seen.get(i), "element " + i + " received " + seen.get(i) + " times");
        }
        assertEquals((long) PRODUCERS * PER_PRODUCER, total);
    }

    @ParameterizedTest(name = "capacity {0}, virtual {1}")
    @MethodSource("kinds")
    void sendAndReceive(int capacity, boolean virtual) throws Exception {
        Channel<Integer> ch = Channel.buffered(capacity);
        AtomicIntegerArray seen = new AtomicIntegerArray(PRODUCERS * PER_PRODUCER);
        List<List<Integer>> perConsumer = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        WaitGroup producers = new WaitGroup();
        for (int p = 0; p < PRODUCERS; p++) {
            int base = p * PER_PRODUCER;
            producers.add(1);
            threads.add(start(virtual, () -> {
                for (int i = 0; i < PER_PRODUCER; i++) {
                    // mix blocking, non-blocking and timed sends
                    switch (i % 3) {
                        case 0 -> ch.send(base + i);
                        case 1 -> {
                            while (!ch.trySend(base + i)) {
                                Thread.yield();
                            }
                        }
                        default -> {
                            while (!ch.send(base + i, Duration.ofNanos(ThreadLocalRandom.current().nextInt(1_000, 100_000)))) {
                                // timed out: the element was not sent; try again
                            }
                        }
                    }
                }
                producers.done();
            }));
        }
        threads.add(start(true, () -> {
            producers.await();
            ch.close();
        }));
        for (int c = 0; c < CONSUMERS; c++) {
            List<Integer> got = new ArrayList<>();
            perConsumer.add(got);
            int mode = c;
            threads.add(start(virtual, () -> {
                for (;;) {
                    Integer v;
                    switch (mode % 3) {
                        case 0 -> {
                            Optional<Integer> o = ch.receiveOk();
                            v = o.orElse(null);
                            if (v == null) {
                                return;
                            }
                        }
                        case 1 -> {
                            try {
                                v = ch.tryReceive();
                            } catch (ChannelClosedException closed) {
                                return;
                            }
                            if (v == null) {
                                Thread.yield();
                                continue;
                            }
                        }
                        default -> {
                            try {
                                v = ch.receive(Duration.ofNanos(ThreadLocalRandom.current().nextInt(1_000, 100_000)));
                            } catch (ChannelClosedException closed) {
                                return;
                            }
                            if (v == null) {
                                continue;
                            }
                        }
                    }
                    seen.incrementAndGet(v);
                    got.add(v);
                }
            }));
        }
        verify(threads, perConsumer, seen);
    }

    @ParameterizedTest(name = "capacity {0}, virtual {1}")
    @MethodSource("kinds")
    void selectOnBothEnds(int capacity, boolean virtual) throws Exception {
        Channel<Integer> a = Channel.buffered(capacity);
        Channel<Integer> b = Channel.buffered(capacity);
        AtomicIntegerArray seen = new AtomicIntegerArray(PRODUCERS * PER_PRODUCER);
        List<List<Integer>> perConsumer = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        WaitGroup producers = new WaitGroup();
        for (int p = 0; p < PRODUCERS; p++) {
            int base = p * PER_PRODUCER;
            producers.add(1);
            boolean plainToo = p % 2 == 0; // half the producers mix in plain sends
            threads.add(start(virtual, () -> {
                for (int i = 0; i < PER_PRODUCER; i++) {
                    int v = base + i;
                    if (plainToo && i % 4 == 0) {
                        a.send(v);
                    } else {
                        Select.select(a.onSend(v, () -> null), b.onSend(v, () -> null));
                    }
                }
                producers.done();
            }));
        }
        threads.add(start(true, () -> {
            producers.await();
            a.close();
            b.close();
        }));
        for (int c = 0; c < CONSUMERS; c++) {
            List<Integer> got = new ArrayList<>();
            perConsumer.add(got);
            boolean plainToo = c % 2 == 0;
            threads.add(start(virtual, () -> {
                boolean aOpen = true;
                boolean bOpen = true;
                int n = 0;
                while (aOpen || bOpen) {
                    if (plainToo && aOpen && n++ % 4 == 0) { // mix in plain receives
                        try {
                            Integer v = a.tryReceive();
                            if (v != null) {
                                seen.incrementAndGet(v);
                                got.add(v);
                            }
                        } catch (ChannelClosedException closed) {
                            aOpen = false;
                        }
                        continue;
                    }
                    // tag what came from b, since order holds per channel only
                    Object r = Select.select(
                            aOpen ? a.onReceiveOk(o -> o.isPresent() ? o.get() : "a closed") : null,
                            bOpen ? b.onReceiveOk(o -> o.isPresent() ? (Object) (o.get() + FROM_B) : "b closed") : null);
                    if ("a closed".equals(r)) {
                        aOpen = false;
                    } else if ("b closed".equals(r)) {
                        bOpen = false;
                    } else {
                        int v = (Integer) r;
                        seen.incrementAndGet(v % FROM_B);
                        got.add(v);
                    }
                }
            }));
        }
        verify(threads, perConsumer, seen);
    }

    /**
     * Interrupts fired at random at blocked and running producers and consumers: an interrupted
     * send is retried (its element was not sent), an interrupted receive took nothing. Exactly
     * once must still hold.
     */
    @ParameterizedTest(name = "capacity {0}, virtual {1}")
    @MethodSource("kinds")
    void randomInterrupts(int capacity, boolean virtual) throws Exception {
        Channel<Integer> ch = Channel.buffered(capacity);
        int perProducer = PER_PRODUCER / 4;
        AtomicIntegerArray seen = new AtomicIntegerArray(PRODUCERS * PER_PRODUCER);
        List<Thread> workers = new ArrayList<>();
        ConcurrentLinkedQueue<Integer> received = new ConcurrentLinkedQueue<>();
        WaitGroup producers = new WaitGroup();
        for (int p = 0; p < PRODUCERS; p++) {
            int base = p * PER_PRODUCER;
            producers.add(1);
            workers.add(start(virtual, () -> {
                for (int i = 0; i < perProducer; i++) {
                    for (;;) {
                        try {
                            if (i % 2 == 0) {
                                ch.send(base + i);
                            } else {
                                Select.select(ch.onSend(base + i, () -> null));
                            }
                            break;
                        } catch (InterruptedException retry) {
                            // not sent: send it again
                        }
                    }
                }
                Thread.interrupted();
                producers.done();
            }));
        }
        AtomicBoolean done = new AtomicBoolean();
        for (int c = 0; c < CONSUMERS; c++) {
            int mode = c;
            workers.add(start(virtual, () -> {
                for (;;) {
                    try {
                        Optional<Integer> o = mode % 2 == 0 ? ch.receiveOk()
                                : Select.select(ch.onReceiveOk(x -> x));
                        if (o.isEmpty()) {
                            return;
                        }
                        seen.incrementAndGet(o.get());
                        received.add(o.get());
                    } catch (InterruptedException ignored) {
                        // nothing was taken
                    }
                }
            }));
        }
        Thread interrupter = start(true, () -> {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            while (!done.get()) {
                workers.get(r.nextInt(workers.size())).interrupt();
                Thread.sleep(0, 50_000);
            }
        });
        assertTrue(producers.await(Duration.ofSeconds(100)), "producers stuck");
        done.set(true);
        interrupter.join();
        ch.close();
        for (Thread t : workers) {
            assertTrue(t.join(Duration.ofSeconds(20)), "stuck: " + t);
        }
        assertEquals(PRODUCERS * perProducer, received.size());
        for (int p = 0; p < PRODUCERS; p++) {
            for (int i = 0; i < perProducer; i++) {
                assertEquals(1, seen.get(p * PER_PRODUCER + i), "element " + (p * PER_PRODUCER + i));
            }
        }
    }
}
