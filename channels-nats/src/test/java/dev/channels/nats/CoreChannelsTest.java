package dev.channels.nats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.channels.CancelableContext;
import dev.channels.Channel;
import dev.channels.ChannelClosedException;
import dev.channels.Channels;
import dev.channels.Context;
import dev.channels.Select;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Core NATS (at most once) as channels, against a real nats-server. */
@Timeout(60)
class CoreChannelsTest extends OneServerPerClass {
    @Test
    void everySubscriberReceivesEveryMessageInTheOrderPublished() throws Exception {
        NatsReceiveChannel<String> a = nats.subscribe("order.all", Codec.utf8(), 1000);
        NatsReceiveChannel<String> b = nats.subscribe("order.*", Codec.utf8(), 1000);
        nats.flush(Duration.ofSeconds(5));                       // the server knows both interests
        NatsSendChannel<String> out = nats.publisher("order.all", Codec.utf8());
        for (int i = 0; i < 500; i++) {
            out.send("m" + i);
        }
        for (NatsReceiveChannel<String> in : List.of(a, b)) {
            for (int i = 0; i < 500; i++) {
                assertEquals("m" + i, in.receive(Duration.ofSeconds(10)));
            }
        }
        assertEquals(500, out.published());
        a.close();
        b.close();
    }

    @Test
    void aQueueGroupGivesEachMessageToOneMember() throws Exception {
        List<NatsReceiveChannel<Long>> members = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            members.add(nats.queueSubscribe("work", "workers", Codec.decimal(), 16));
        }
        nats.flush(Duration.ofSeconds(5));
        NatsSendChannel<Long> out = nats.publisher("work", Codec.decimal());
        int n = 3000;
        Channels.go(() -> {
            for (long i = 0; i < n; i++) {
                out.send(i);
            }
        });
        Set<Long> seen = new HashSet<>();
        int[] perMember = new int[3];
        for (int k = 0; k < n; k++) {
            Select.Selected<Long> got = Select.await(Duration.ofSeconds(10),
                    Select.recv(members.get(0)), Select.recv(members.get(1)), Select.recv(members.get(2)));
            assertNotNull(got, "message " + k + " never came");
            perMember[got.index()]++;
            assertTrue(seen.add(got.value()), "delivered twice: " + got.value());
        }
        assertEquals(n, seen.size());
        for (int c : perMember) {
            assertTrue(c > 0, "a member got nothing: " + java.util.Arrays.toString(perMember));
        }
        for (NatsReceiveChannel<Long> m : members) {
            assertNull(m.tryReceive(), "more than published");
            m.close();
        }
    }

    @Test
    void aSubscriptionIsSelectedBesideLocalChannelsAndAContext() throws Exception {
        NatsReceiveChannel<String> remote = nats.subscribe("select.remote", Codec.utf8(), 4);
        nats.flush(Duration.ofSeconds(5));
        Channel<String> local = Channel.buffered(1);
        CancelableContext ctx = Context.withCancel(Context.background());

        nats.publisher("select.remote", Codec.utf8()).send("from afar");
        String first = Select.select(remote.onReceive(s -> "remote: " + s), local.onReceive(s -> "local: " + s),
                ctx.done().onReceiveOk(x -> "cancelled"));
        assertEquals("remote: from afar", first);

        local.send("near");
        String second = Select.select(remote.onReceive(s -> "remote: " + s), local.onReceive(s -> "local: " + s),
                ctx.done().onReceiveOk(x -> "cancelled"));
        assertEquals("local: near", second);

        Channels.go(() -> {
            Channels.sleep(Duration.ofMillis(50));
            ctx.cancel();
        });
        String third = Select.select(remote.onReceive(s -> "remote: " + s), local.onReceive(s -> "local: " + s),
                ctx.done().onReceiveOk(x -> "cancelled"));
        assertEquals("cancelled", third);
        remote.close();
    }

    @Test
    void aPublisherIsASendCaseOfASelect() throws Exception {
        NatsReceiveChannel<String> in = nats.subscribe("select.send", Codec.utf8(), 16);
        nats.flush(Duration.ofSeconds(5));
        NatsSendChannel<String> out = nats.publisher("select.send", Codec.utf8());
        Channel<String> full = Channel.unbuffered();            // no receiver: never ready
        for (int i = 0; i < 10; i++) {
            int k = i;
            String chosen = Select.select(out.onSend("s" + k, () -> "nats"), full.onSend("x", () -> "local"));
            assertEquals("nats", chosen);
        }
        for (int i = 0; i < 10; i++) {
            assertEquals("s" + i, in.receive(Duration.ofSeconds(10)));
        }
        out.close();
        assertThrows(ChannelClosedException.class, () -> Select.select(out.onSend("late", () -> "nats")));
        assertThrows(ChannelClosedException.class, () -> out.send("late"));
        assertThrows(ChannelClosedException.class, out::close);
        in.close();
    }

    @Test
    void closeDrainsWhatWasPublishedThenEndsTheLoop() throws Exception {
        NatsReceiveChannel<Long> in = nats.subscribe("drain", Codec.decimal(), 8);
        nats.flush(Duration.ofSeconds(5));
        NatsSendChannel<Long> out = nats.publisher("drain", Codec.decimal());
        for (long i = 0; i < 200; i++) {
            out.send(i);
        }
        out.flush(Duration.ofSeconds(5));
        AtomicReference<List<Long>> got = new AtomicReference<>();
        Thread reader = Channels.go(() -> {
            List<Long> all = new ArrayList<>();
            for (Long v : in) {
                all.add(v);
            }
            got.set(all);
        });
        Thread.sleep(100);                                       // the server has sent them all
        in.close();
        assertTrue(reader.join(Duration.ofSeconds(30)), "the loop never ended");
        assertEquals(200, got.get().size());
        for (int i = 0; i < 200; i++) {
            assertEquals(i, got.get().get(i));
        }
        assertNull(in.failure());
        assertThrows(ChannelClosedException.class, in::receive);
        in.close();                                              // a second close does nothing
    }

    @Test
    void aReceiverThatFallsBehindLosesMessagesAndTheyAreCounted() throws Exception {
        NatsReceiveChannel<Long> slow = nats.subscribe("slow", null, Codec.decimal(), 0, 100);
        nats.flush(Duration.ofSeconds(5));
        NatsSendChannel<Long> out = nats.publisher("slow", Codec.decimal());
        int n = 20_000;
        for (long i = 0; i < n; i++) {
            out.send(i);
        }
        out.flush(Duration.ofSeconds(10));
        NatsServers.eventually("the client dropped some", Duration.ofSeconds(10), () -> slow.dropped() > 0);
        long received = 0;
        long last = -1;
        Long v;
        while ((v = slow.receive(Duration.ofMillis(500))) != null) {
            assertTrue(v > last, "out of order: " + v + " after " + last);
            last = v;
            received++;
        }
        assertEquals(n, received + slow.dropped(), "received " + received + ", dropped " + slow.dropped());
        System.out.printf("slow consumer: %d published, %d received, %d dropped and counted%n", n, received, slow.dropped());
        assertTrue(received >= 100, "received " + received);
        slow.close();
    }

    @Test
    void aPayloadTheCodecCannotReadIsDroppedAndCounted() throws Exception {
        NatsReceiveChannel<Long> in = nats.subscribe("numbers", Codec.decimal(), 4);
        nats.flush(Duration.ofSeconds(5));
        nats.connection().publish("numbers", "not a number".getBytes(StandardCharsets.UTF_8));
        nats.connection().publish("numbers", "42".getBytes(StandardCharsets.UTF_8));
        assertEquals(42L, in.receive(Duration.ofSeconds(10)));
        assertEquals(1, in.undecodable());
        in.close();
    }

    @Test
    void aRequestCarriesItsReplyChannelAcrossTheConnection() throws Exception {
        // seed 000's adder: each request is answered on the channel it carries
        NatsReceiveChannel<Request<String, Long>> service = nats.serve("adder", "adders", Codec.utf8(), Codec.decimal(), 16);
        nats.flush(Duration.ofSeconds(5));
        Thread server = Channels.go(() -> {
            for (Request<String, Long> req : service) {
                String[] ab = req.value().split(",");
                Channels.go(() -> req.replyTo().send(Long.parseLong(ab[0]) + Long.parseLong(ab[1])));
            }
        });
        int n = 100;
        List<NatsReceiveChannel<Long>> replies = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            replies.add(nats.request("adder", i + "," + (i + n), Codec.utf8(), Codec.decimal(), Duration.ofSeconds(10)));
        }
        for (int i = n - 1; i >= 0; i--) {                       // checks in reverse, as the seed does
            assertEquals(n + 2L * i, replies.get(i).receive());
            assertThrows(ChannelClosedException.class, replies.get(i)::receive);   // one reply, then the end
        }
        service.close();
        assertTrue(server.join(Duration.ofSeconds(30)));
    }

    @Test
    void aRequestNobodyServesEndsWithTheReason() throws Exception {
        NatsReceiveChannel<Long> reply = nats.request("nobody.home", "1,2", Codec.utf8(), Codec.decimal(), Duration.ofSeconds(5));
        ChannelClosedException e = assertThrows(ChannelClosedException.class, reply::receive);
        assertInstanceOf(IOException.class, e.getCause());
        assertTrue(e.getMessage().contains("no responders"), e.getMessage());
        assertNotNull(reply.failure());
    }

    @Test
    void aReplyThatNeverComesEndsAtTheTimeout() throws Exception {
        NatsReceiveChannel<Request<String, String>> mute = nats.serve("mute", null, Codec.utf8(), Codec.utf8(), 4);
        nats.flush(Duration.ofSeconds(5));
        NatsReceiveChannel<String> reply = nats.request("mute", "hello?", Codec.utf8(), Codec.utf8(), Duration.ofMillis(200));
        assertEquals("hello?", mute.receive(Duration.ofSeconds(10)).value());
        ChannelClosedException e = assertThrows(ChannelClosedException.class, reply::receive);
        assertInstanceOf(java.util.concurrent.TimeoutException.class, e.getCause());
        mute.close();
    }

    @Test
    void channelsOverTheCallersConnectionLeaveItOpen() throws Exception {
        try (io.nats.client.Connection own = io.nats.client.Nats.connect(server.url())) {
            NatsChannels borrowed = NatsChannels.over(own);
            NatsReceiveChannel<String> in = borrowed.subscribe("borrowed", Codec.utf8(), 1);
            borrowed.flush(Duration.ofSeconds(5));
            borrowed.publisher("borrowed", Codec.utf8()).send("hi");
            assertEquals("hi", in.receive(Duration.ofSeconds(10)));
            borrowed.close();
            assertEquals(io.nats.client.Connection.Status.CONNECTED, own.getStatus());
            in.close();
        }
    }

    @Test
    void badInputIsRefusedWithItsReason() {
        assertThrows(IllegalArgumentException.class, () -> nats.subscribe("", Codec.utf8(), 1));
        assertThrows(IllegalArgumentException.class, () -> nats.subscribe("a b", Codec.utf8(), 1));
        assertThrows(IllegalArgumentException.class, () -> nats.subscribe("a..b", Codec.utf8(), 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> nats.subscribe("ok", Codec.utf8(), -1));
        assertTrue(e.getMessage().contains("size out of range"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> nats.publisher("orders.*", Codec.utf8()));
        assertThrows(IllegalArgumentException.class, () -> nats.jetStreamPublisher("orders.>", Codec.utf8()));
        assertThrows(IllegalArgumentException.class,
                () -> nats.request("orders.*", "?", Codec.utf8(), Codec.utf8(), Duration.ofSeconds(1)));
        assertThrows(NullPointerException.class, () -> nats.publisher("ok", Codec.utf8()).send(null));
        assertThrows(NullPointerException.class, () -> nats.subscribe(null, Codec.utf8(), 1));
        assertFalse(nats.publisher("ok", Codec.utf8()).isClosed());
    }
}
