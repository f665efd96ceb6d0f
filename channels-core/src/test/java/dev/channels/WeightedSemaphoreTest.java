package dev.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The weighted semaphore, after x/sync/semaphore's tests: TestWeighted (random weights never
 * exceed the size), TestWeightedPanic, TestWeightedTryAcquire, TestWeightedAcquire (context),
 * TestWeightedDoesntBlockIfTooBig, TestLargeAcquireDoesntStarve, TestAllocCancelDoesntStarve;
 * and what Go's lacks: interruption, and use in select.
 */
@Timeout(60)
class WeightedSemaphoreTest {

    @Test
    void randomWeightsNeverExceedTheSize() throws Exception {
        int n = 8;
        WeightedSemaphore sem = new WeightedSemaphore(n);
        AtomicLong held = new AtomicLong();
        AtomicLong most = new AtomicLong();
        WaitGroup wg = new WaitGroup();
        for (int g = 0; g < 16; g++) {
            wg.go(() -> {
                for (int i = 0; i < 2_000; i++) {
                    long w = ThreadLocalRandom.current().nextInt(1, n + 1);
                    sem.acquire(w);
                    most.accumulateAndGet(held.addAndGet(w), Math::max);
                    held.addAndGet(-w);
                    sem.release(w);
                }
            });
        }
        assertTrue(wg.await(Duration.ofSeconds(50)), "stuck");
        assertTrue(most.get() <= n, "held " + most.get() + " of " + n);
        assertEquals(0, sem.taken());
    }

    @Test
    void releasingMoreThanHeldIsRefusedAndChangesNothing() throws Exception {
        WeightedSemaphore sem = new WeightedSemaphore(3);
        sem.acquire(2);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> sem.release(3));
        assertEquals("semaphore: released more than held", e.getMessage());
        assertEquals(2, sem.taken());
        assertThrows(IllegalArgumentException.class, () -> sem.acquire(-1));
        assertThrows(IllegalArgumentException.class, () -> new WeightedSemaphore(-1));
    }

    @Test
    void tryAcquireTakesOnlyWhatIsFree() {
        WeightedSemaphore sem = new WeightedSemaphore(2);
        assertTrue(sem.tryAcquire(1));
        assertTrue(sem.tryAcquire(1));
        assertFalse(sem.tryAcquire(1));
        sem.release(2);
        assertTrue(sem.tryAcquire(2));
    }

    @Test
    void aDoneContextStopsTheWaitAndTakesNothing() throws Exception {
        WeightedSemaphore sem = new WeightedSemaphore(2);
        sem.acquire(2);
        CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(20));
        assertFalse(sem.acquire(ctx, 1));
        assertFalse(sem.acquire(ctx, 1), "done already");
        sem.release(2);
        assertEquals(0, sem.taken(), "the abandoned request took nothing");
        assertTrue(sem.acquire(Context.background(), 2));
    }

    /** Go's TestWeightedDoesntBlockIfTooBig: a request larger than the size blocks nobody else. */
    @Test
    void aRequestLargerThanTheSizeHoldsUpNobody() throws Exception {
        WeightedSemaphore sem = new WeightedSemaphore(1);
        CancelableContext ctx = Context.withCancel(Context.background());
        Channel<Boolean> tooBig = Channel.buffered(1);
        Channels.go(() -> tooBig.send(sem.acquire(ctx, 2)));
        Thread.sleep(10);
        assertTrue(sem.tryAcquire(1), "held up by a request that can never be granted");
        sem.release(1);
        ctx.cancel();
        assertFalse(tooBig.receive());
    }

    /** Go's TestLargeAcquireDoesntStarve: FIFO, so a large request is served before later small ones. */
    @Test
    void aLargeRequestIsNotStarvedBySmallOnes() throws Exception {
        WeightedSemaphore sem = new WeightedSemaphore(2);
        sem.acquire(1);
        Channel<String> order = Channel.buffered(4);
        Thread large = Channels.go(() -> {
            sem.acquire(2);
            order.send("large");
            sem.release(2);
        });
        Thread.sleep(20);
        assertFalse(sem.tryAcquire(1), "a small request jumped the queue");
        Thread small = Channels.go(() -> {
            sem.acquire(1);
            order.send("small");
            sem.release(1);
        });
        Thread.sleep(20);
        sem.release(1);
        assertTrue(large.join(Duration.ofSeconds(5)));
        assertTrue(small.join(Duration.ofSeconds(5)));
        assertEquals("large", order.receive());
        assertEquals("small", order.receive());
    }

    /** Go's TestAllocCancelDoesntStarve: the head giving up lets the ones behind it through. */
    @Test
    void theHeadGivingUpLetsTheOnesBehindThrough() throws Exception {
        WeightedSemaphore sem = new WeightedSemaphore(10);
        sem.acquire(1);
        CancelableContext ctx = Context.withCancel(Context.background());
        Channel<Boolean> bigResult = Channel.buffered(1);
        Channels.go(() -> bigResult.send(sem.acquire(ctx, 10)));
        Thread.sleep(10);
        Channel<Boolean> smallResult = Channel.buffered(1);
        Channels.go(() -> smallResult.send(sem.acquire(Context.background(), 1)));
        assertNull(smallResult.receive(Duration.ofMillis(20)), "the small one went ahead of the head");
        ctx.cancel();
        assertFalse(bigResult.receive());
        assertTrue(smallResult.receive(Duration.ofSeconds(5)), "still held up by a head that left");
    }

    @Test
    void anInterruptedAcquireLeavesAndTakesNothing() throws Exception {
        WeightedSemaphore sem = new WeightedSemaphore(1);
        sem.acquire(1);
        Channel<String> outcome = Channel.buffered(1);
        Thread t = Channels.go(() -> {
            try {
                sem.acquire(1);
                outcome.send("acquired");
            } catch (InterruptedException e) {
                outcome.send("interrupted");
            }
        });
        Thread.sleep(10);
        t.interrupt();
        assertEquals("interrupted", outcome.receive());
        sem.release(1);
        assertEquals(0, sem.taken());
        assertTrue(sem.tryAcquire(1), "the interrupted request still holds up the line");
    }

    @Test
    void anAcquireCaseInSelectTakesPermitsOnlyWhenChosen() throws Exception {
        WeightedSemaphore sem = new WeightedSemaphore(3);
        SelectCase<String> take2 = sem.onAcquire(2, () -> "acquired");
        assertEquals("acquired", Select.select(take2));
        assertEquals(2, sem.taken());

        Channel<String> ready = Channel.buffered(1);
        ready.send("other");
        // Both ready: whichever is chosen, the permits are held only if the acquire was.
        for (int i = 0; i < 200; i++) {
            SelectCase<String> take1 = sem.onAcquire(1, () -> "acquired");
            String r = Select.select(take1, ready.onReceive(v -> v));
            if (r.equals("acquired")) {
                assertEquals(3, sem.taken());
                sem.release(1);
            } else {
                assertEquals(2, sem.taken(), "a case not chosen kept its permits");
                ready.send("other");
            }
        }
        sem.release(2);
        assertEquals(0, sem.taken());
    }

    @Test
    void aParkedSelectIsWokenByARelease() throws Exception {
        WeightedSemaphore sem = new WeightedSemaphore(1);
        sem.acquire(1);
        SelectCase<String> take = sem.onAcquire(1, () -> "acquired");
        Channel<String> never = Channel.unbuffered();
        Channel<String> result = Channel.buffered(1);
        Channels.go(() -> result.send(Select.select(take, never.onReceive(v -> v))));
        Thread.sleep(10);
        sem.release(1);
        assertEquals("acquired", result.receive(Duration.ofSeconds(5)));
        assertEquals(1, sem.taken());
        // The same case object again, timing out: it leaves the line.
        assertEquals("timeout", Select.select(take, Select.timeoutCase(Duration.ofMillis(5), () -> "timeout")));
        sem.release(1);
        assertTrue(sem.tryAcquire(1));
    }

    /** Acquire cases racing releases and other cases: no permit is ever lost or made. */
    @Test
    void selectsRacingReleasesLoseNoPermit() throws Exception {
        WeightedSemaphore sem = new WeightedSemaphore(4);
        Channel<Boolean> other = Channel.buffered(64);
        WaitGroup wg = new WaitGroup();
        for (int g = 0; g < 8; g++) {
            wg.go(() -> {
                for (int i = 0; i < 2_000; i++) {
                    long w = 1 + (i % 3);
                    boolean got = Select.select(sem.onAcquire(w, () -> true), other.onReceive(v -> false));
                    if (got) {
                        sem.release(w);
                    }
                    other.trySend(true);
                }
            });
        }
        assertTrue(wg.await(Duration.ofSeconds(50)), "stuck");
        assertEquals(0, sem.taken());
        assertTrue(sem.tryAcquire(4));
    }
}
