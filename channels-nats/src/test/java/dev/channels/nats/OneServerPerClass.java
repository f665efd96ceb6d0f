package dev.channels.nats;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A test class that shares one real nats-server (with JetStream) and one connection to it among
 * its tests: started before the first, closed after the last.
 */
abstract class OneServerPerClass {
    static LocalNatsServer server;
    static NatsChannels nats;

    @BeforeAll
    static void startServer() throws Exception {
        server = NatsServers.start();
        nats = NatsChannels.connect(server.url());
    }

    @AfterAll
    static void stopServer() {
        if (nats != null) {
            nats.close();
            nats = null;
        }
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
