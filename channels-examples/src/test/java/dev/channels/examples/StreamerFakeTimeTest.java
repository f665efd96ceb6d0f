package dev.channels.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.channels.Channels;
import dev.channels.Synctest;
import dev.channels.WaitGroup;
import dev.channels.test.InBubble;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The streamer's frames and client loop on fake time ({@link InBubble}): the real period
 * (100 ms) and idle time-out (20 s), exact counts, milliseconds of real time. The HTTP side is
 * in {@code StreamerTest}, on real time (a socket is not something a bubble can wait for).
 */
@InBubble
@Timeout(30)
class StreamerFakeTimeTest {
    private static final Duration PERIOD = Duration.ofMillis(100);
    private static final Duration IDLE = Duration.ofSeconds(20);

    private static int number(String frame) {
        return Integer.parseInt(frame.split(" ")[1]);
    }

    @Test
    void everyClientGetsEveryFrameInOrderWhileASlowOneSkipsFrames() throws Exception {
        Streamer.Frames frames = Streamer.Frames.start(PERIOD);
        List<List<Integer>> got = new CopyOnWriteArrayList<>();
        WaitGroup clients = new WaitGroup();
        for (int c = 0; c < 3; c++) {
            var sub = frames.subscribe(8);
            List<Integer> mine = new CopyOnWriteArrayList<>();
            got.add(mine);
            clients.go(() -> {
                try (sub) {
                    Streamer.streamTo(sub, IDLE, f -> mine.add(number(f)));
                }
            });
        }
        var slow = frames.subscribe(8);                 // reads nothing for 10 s
        Channels.sleep(Duration.ofSeconds(10));
        Synctest.await();                               // the frame due at 10 s is made too
        assertEquals(101, frames.made(), "a frame at once, then one every 100 ms for 10 s");
        frames.stop();
        clients.await();
        for (List<Integer> g : got) {
            assertEquals(g.get(0) + g.size() - 1, g.get(g.size() - 1), "a gap for a fast client: " + g);
            assertTrue(g.size() >= 100, "a fast client missed frames: " + g.size());
        }
        List<Integer> late = new ArrayList<>();
        Streamer.streamTo(slow, IDLE, f -> late.add(number(f)));
        assertEquals(8, late.size(), "the slow client keeps its last 8 frames");
        assertEquals(101, late.get(7));
        // Frame 1 is made at the instant the clients subscribe: the slow one saw it or not.
        assertTrue(slow.dropped() == 92 || slow.dropped() == 93, "dropped " + slow.dropped());
    }

    @Test
    void anIdleClientEndsAfterTwentySecondsOfNothing() throws Exception {
        Streamer.Frames frames = Streamer.Frames.start(Duration.ofMinutes(5));
        var sub = frames.subscribe(8);
        List<Integer> got = new ArrayList<>();
        long before = System.nanoTime();
        String why = Streamer.streamTo(sub, IDLE, f -> got.add(number(f)));
        assertEquals("timed out after 20s idle", why);
        assertTrue(got.size() <= 1, got.toString());
        assertTrue(System.nanoTime() - before < Duration.ofSeconds(5).toNanos(), "the 20 s were real");
        sub.close();
        frames.stop();
    }

    @Test
    void aClientThatHangsUpIsUnsubscribed() throws Exception {
        Streamer.Frames frames = Streamer.Frames.start(PERIOD);
        var sub = frames.subscribe(8);
        String why = Streamer.streamTo(sub, IDLE, f -> {
            throw new IOException("broken pipe");
        });
        assertEquals("disconnected", why);
        sub.close();
        assertEquals(0, frames.clients());
        frames.stop();
    }
}
