package dev.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The README's quick start, verbatim where it can be, so that the README stays true. */
@Timeout(30)
class ReadmeExamplesTest {

    @Test
    void rangeOverChannelUntilClosed() throws Exception {
        List<Integer> printed = new CopyOnWriteArrayList<>();
        Channel<Integer> ch = Channel.unbuffered();
        Channel<Boolean> done = Channel.unbuffered();

        Channels.go(() -> {
            for (int v : ch) {
                printed.add(v);
            }
            done.close();
        });

        for (int i = 0; i < 3; i++) {
            ch.send(i);
        }
        ch.close();
        done.receiveOk();

        assertEquals(List.of(0, 1, 2), printed);
    }

    @Test
    void selectWithTimeout() throws Exception {
        Channel<Integer> in = Channel.unbuffered();
        Channel<Integer> out = Channel.unbuffered();
        int x = 1;
        String r = Select.select(
                in.onReceive(v -> "use " + v),
                out.onSend(x, () -> "sent"),
                Channels.after(Duration.ofMillis(20))
                        .onReceive(t -> "timeout"));
        assertEquals("timeout", r);
    }

    @Test
    void waitGroupGo() throws Exception {
        List<String> fetched = new CopyOnWriteArrayList<>();
        List<String> urls = List.of("a", "b", "c");
        WaitGroup wg = new WaitGroup();
        for (String u : urls) {
            wg.go(() -> fetched.add(u));
        }
        wg.await();
        assertEquals(3, fetched.size());
    }
}
