package dev.channels.nats;

import java.time.Duration;

/**
 * A consumer process for the fault tests: binds a JetStream consumer, takes {@code count}
 * deliveries without acknowledging any, says so on standard output, and waits to be killed.
 * Arguments: url stream durable count.
 */
public final class CutConsumer {
    private CutConsumer() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String stream = args[1];
        String durable = args[2];
        int count = Integer.parseInt(args[3]);
        NatsChannels nats = NatsChannels.connect(url);
        NatsReceiveChannel<Delivery<Long>> in = nats.pullConsumer(stream, durable, Codec.decimal(), 4);
        StringBuilder taken = new StringBuilder();
        for (int i = 0; i < count; i++) {
            Delivery<Long> d = in.receive(Duration.ofSeconds(30));
            if (d == null) {
                System.out.println("timed out");
                System.exit(2);
            }
            taken.append(d.value()).append(' ');
        }
        System.out.println("took " + taken.toString().trim());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);                 // never acknowledges: killed by the test
    }
}
