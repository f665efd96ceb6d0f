package dev.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The dump that names channels: the blocker of a parked goroutine is its channel (always);
 * with diagnostics on, every blocked goroutine is listed with what it waits for, on which
 * channel, for how long, and its stack; unnamed channels are named by where they were made.
 */
@Timeout(30)
class DiagnosticsTest {

    @AfterEach
    void off() {
        Diagnostics.setEnabled(false);
    }

    private static void awaitParked(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING) {
            assertTrue(System.nanoTime() < deadline, "never parked: " + t.getState());
            Thread.sleep(1);
        }
    }

    @Test
    void theBlockerOfAParkedGoroutineIsItsChannelEvenWithDiagnosticsOff() throws Exception {
        Channel<Integer> jobs = Channel.buffered(4, "jobs");
        Thread t = Channels.go(jobs::receive);
        awaitParked(t);
        assertSame(jobs, LockSupport.getBlocker(t));
        assertEquals("Channel[jobs, len=0, cap=4]", jobs.toString());
        assertTrue(Diagnostics.blocked().stream().noneMatch(g -> g.thread() == t), "recorded while off");
        jobs.send(1);
        assertTrue(t.join(Duration.ofSeconds(5)));
    }

    @Test
    void theDumpListsBlockedGoroutinesWithWhatTheyWaitOnAndWhere() throws Exception {
        Diagnostics.setEnabled(true);
        Channel<String> replies = Channel.unbuffered("replies");
        Channel<String> unnamed = Channel.buffered(2);          // named by where it was made
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        Thread receiver = Channels.go(replies::receive);
        Thread sender = Channels.go(() -> {
            unnamed.send("a");
            unnamed.send("b");
            unnamed.send("c");                                   // full: blocks
        });
        Thread selector = Channels.go(() -> Select.select(replies.onReceive(v -> v), unnamed.onSend("x", () -> "")));
        Thread waiter = Channels.go(wg::await);
        for (Thread t : List.of(receiver, sender, selector, waiter)) {
            awaitParked(t);
        }
        List<Diagnostics.BlockedGoroutine> blocked = Diagnostics.blocked();
        String dump = Diagnostics.dump();
        assertEquals(4, blocked.stream().filter(g -> List.of(receiver, sender, selector, waiter).contains(g.thread())).count(), dump);
        assertTrue(dump.contains("goroutine " + receiver.threadId() + " [chan receive, "), dump);
        assertTrue(dump.contains("on Channel[replies, len=0, cap=0]"), dump);
        assertTrue(dump.contains("goroutine " + sender.threadId() + " [chan send, "), dump);
        assertTrue(dump.contains("Channel[made at DiagnosticsTest.java:"), dump);
        assertTrue(dump.contains("[select, "), dump);
        assertTrue(dump.contains("[WaitGroup.await, "), dump);
        assertTrue(dump.contains("at dev.channels.DiagnosticsTest.lambda$"), "the user's frames: " + dump);
        assertFalse(dump.contains("java.lang.VirtualThread"), "the JDK's frames are left out: " + dump);
        var g = blocked.stream().filter(b -> b.thread() == receiver).findFirst().orElseThrow();
        assertEquals("chan receive", g.waitingFor());
        assertTrue(g.stack().get(0).getMethodName().equals("receive"), g.stack().toString());

        replies.close();
        unnamed.receive();
        wg.done();
        for (Thread t : List.of(receiver, sender, selector, waiter)) {
            assertTrue(t.join(Duration.ofSeconds(5)));
        }
        assertTrue(Diagnostics.blocked().stream().noneMatch(b -> b.thread() == receiver), "left behind");
    }

    @Test
    void anErrGroupsAwaitSaysSo() throws Exception {
        Diagnostics.setEnabled(true);
        ErrGroup g = new ErrGroup();
        Channel<Boolean> release = Channel.unbuffered();
        g.go(release::receive);
        Thread awaiting = Channels.go(g::await);
        awaitParked(awaiting);
        assertTrue(Diagnostics.dump().contains("goroutine " + awaiting.threadId() + " [ErrGroup.await, "), Diagnostics.dump());
        release.send(true);
        assertTrue(awaiting.join(Duration.ofSeconds(5)));
    }

    @Test
    void goStyleDurations() {
        assertEquals("0.0s", Diagnostics.format(Duration.ZERO));
        assertEquals("12.5s", Diagnostics.format(Duration.ofMillis(12_500)));
        assertEquals("119.0s", Diagnostics.format(Duration.ofSeconds(119)));
        assertEquals("2 minutes", Diagnostics.format(Duration.ofSeconds(120)));
    }
}
