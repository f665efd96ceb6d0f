package dev.channels.nats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.channels.Channel;
import dev.channels.ChannelClosedException;
import dev.channels.Select;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** JetStream (at least once) as channels, against a real nats-server. */
@Timeout(60)
class JetStreamChannelsTest extends OneServerPerClass {
    @Test
    void everyStoredMessageIsDeliveredOnceWhenAcknowledged() throws Exception {
        NatsServers.streamAndConsumer(nats, "ONCE", "once.>", "reader", Duration.ofSeconds(30));
        int n = 1000;
        NatsSendChannel<Long> out = NatsServers.storeNumbers(nats, "once.jobs", n);
        assertEquals(n, out.published());
        NatsReceiveChannel<Delivery<Long>> in = nats.pullConsumer("ONCE", "reader", Codec.decimal(), 32);
        for (long i = 0; i < n; i++) {
            Delivery<Long> d = in.receive(Duration.ofSeconds(10));
            assertNotNull(d, "message " + i + " never came");
            assertEquals(i, d.value());                          // stream order
            assertEquals(i + 1, d.streamSequence());
            assertFalse(d.redelivered());
            d.ack();
        }
        assertNull(in.receive(Duration.ofMillis(300)), "more than was stored");
        in.close();
        assertNull(in.failure());
    }

    @Test
    void whatIsNeverAcknowledgedComesAgainAndTermEndsIt() throws Exception {
        NatsServers.streamAndConsumer(nats, "AGAIN", "again", "reader", Duration.ofMillis(500));
        NatsSendChannel<String> out = nats.jetStreamPublisher("again", Codec.utf8());
        out.send("forgotten");
        out.send("refused");
        out.send("poison");
        NatsReceiveChannel<Delivery<String>> in = nats.pullConsumer("AGAIN", "reader", Codec.utf8(), 8);
        Delivery<String> forgotten = in.receive(Duration.ofSeconds(10));
        Delivery<String> refused = in.receive(Duration.ofSeconds(10));
        Delivery<String> poison = in.receive(Duration.ofSeconds(10));
        assertEquals("forgotten", forgotten.value());
        refused.nak(Duration.ofMillis(100));
        poison.term();
        // no answer to "forgotten": it comes again after the ack wait; "refused" after its delay
        Set<String> again = new HashSet<>();
        for (int i = 0; i < 2; i++) {
            Delivery<String> d = in.receive(Duration.ofSeconds(10));
            assertNotNull(d, "a redelivery never came: " + again);
            assertTrue(d.redelivered());
            assertEquals(2, d.deliveredCount());
            again.add(d.value());
            d.ackSync(Duration.ofSeconds(5));
        }
        assertEquals(Set.of("forgotten", "refused"), again);
        assertNull(in.receive(Duration.ofSeconds(1)), "poison came back, or an ack was lost");
        in.close();
    }

    @Test
    void prefetchIsBoundedByTheChannelsCapacity() throws Exception {
        NatsServers.streamAndConsumer(nats, "BOUND", "bound", "reader", Duration.ofSeconds(30));
        NatsServers.storeNumbers(nats, "bound", 200);
        NatsReceiveChannel<Delivery<Long>> in = nats.pullConsumer("BOUND", "reader", Codec.decimal(), 4);
        NatsServers.eventually("the channel filled", Duration.ofSeconds(10), () -> in.size() == 4);
        Thread.sleep(300);                                       // time to fetch more, if it would
        var info = nats.connection().jetStreamManagement().getConsumerInfo("BOUND", "reader");
        assertTrue(info.getNumAckPending() <= 5, "delivered and unacknowledged: " + info.getNumAckPending());
        for (long i = 0; i < 200; i++) {
            Delivery<Long> d = in.receive(Duration.ofSeconds(10));
            assertEquals(i, d.value());
            d.ack();
            assertTrue(in.size() <= 4);
        }
        in.close();
    }

    @Test
    void deliveriesAreSelectedBesideALocalChannel() throws Exception {
        NatsServers.streamAndConsumer(nats, "MIXED", "mixed", "reader", Duration.ofSeconds(30));
        NatsReceiveChannel<Delivery<String>> remote = nats.pullConsumer("MIXED", "reader", Codec.utf8(), 2);
        Channel<String> local = Channel.buffered(1);
        local.send("near");
        assertEquals("local near", Select.select(remote.onReceive(d -> "remote " + d.value()), local.onReceive(s -> "local " + s)));
        nats.jetStreamPublisher("mixed", Codec.utf8()).send("far");
        assertEquals("remote far", Select.select(remote.onReceive(d -> { d.ack(); return "remote " + d.value(); }),
                local.onReceive(s -> "local " + s)));
        remote.close();
    }

    @Test
    void aSelectedSendIsStoredBeforeTheSelectReturns() throws Exception {
        NatsServers.streamAndConsumer(nats, "SELSEND", "selsend", "reader", Duration.ofSeconds(30));
        NatsSendChannel<String> out = nats.jetStreamPublisher("selsend", Codec.utf8());
        Channel<String> never = Channel.unbuffered();
        assertEquals("sent", Select.select(out.onSend("kept", () -> "sent"), never.onSend("x", () -> "local")));
        var info = nats.connection().jetStreamManagement().getStreamInfo("SELSEND");
        assertEquals(1, info.getStreamState().getMsgCount());
    }

    @Test
    void closeStopsFetchingAndWhatTheChannelHoldsCanStillBeAcknowledged() throws Exception {
        NatsServers.streamAndConsumer(nats, "HOLD", "hold", "reader", Duration.ofSeconds(30));
        NatsServers.storeNumbers(nats, "hold", 20);
        NatsReceiveChannel<Delivery<Long>> in = nats.pullConsumer("HOLD", "reader", Codec.decimal(), 5);
        NatsServers.eventually("the channel filled", Duration.ofSeconds(10), () -> in.size() == 5);
        in.close();
        int held = 0;
        for (Delivery<Long> d : in) {                           // ends after what it held
            d.ackSync(Duration.ofSeconds(5));
            held++;
        }
        assertTrue(held >= 5 && held <= 6, "held " + held);
        assertNull(in.failure());
        // the rest stays for the consumer: a new channel on it continues where acks stopped
        NatsReceiveChannel<Delivery<Long>> next = nats.pullConsumer("HOLD", "reader", Codec.decimal(), 5);
        Set<Long> rest = new HashSet<>();
        while (rest.size() < 20 - held) {
            Delivery<Long> d = next.receive(Duration.ofSeconds(10));
            assertNotNull(d, "lost after close: have " + rest);
            rest.add(d.value());
            d.ack();
        }
        assertEquals(20 - held, rest.size());
        next.close();
    }

    @Test
    void noSuchConsumerOrStreamIsAClearError() {
        IOException e = assertThrows(IOException.class, () -> nats.pullConsumer("NOPE", "nobody", Codec.utf8(), 1));
        assertTrue(e.getMessage().contains("nobody"), e.getMessage());
        IllegalStateException s = assertThrows(IllegalStateException.class,
                () -> nats.jetStreamPublisher("no.stream.here", Codec.utf8()).send(Duration.ofSeconds(5).toString()));
        assertTrue(s.getMessage().contains("no.stream.here"), s.getMessage());
    }

    @Test
    void aSendOnAClosedPublisherThrows() throws Exception {
        NatsServers.streamAndConsumer(nats, "SHUT", "shut", "reader", Duration.ofSeconds(30));
        NatsSendChannel<String> out = nats.jetStreamPublisher("shut", Codec.utf8());
        out.close();
        assertThrows(ChannelClosedException.class, () -> out.send("late"));
    }
}
