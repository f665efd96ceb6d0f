package dev.channels.bench;

import java.util.ArrayList;
import java.util.List;

/** Starts the benchmark's threads, virtual or platform, and waits for all of them. */
final class Workers {
    private final boolean virtual;
    private final List<Thread> threads = new ArrayList<>();

    Workers(String kind) {
        this.virtual = switch (kind) {
            case "virtual" -> true;
            case "platform" -> false;
            default -> throw new IllegalArgumentException("threads must be virtual or platform: " + kind);
        };
    }

    interface Body {
        void run() throws InterruptedException;
    }

    void start(Body body) {
        Runnable r = () -> {
            try {
                body.run();
            } catch (InterruptedException e) {
                throw new IllegalStateException("benchmark thread interrupted", e);
            }
        };
        threads.add(virtual ? Thread.ofVirtual().start(r) : Thread.ofPlatform().start(r));
    }

    /** Starts a thread that sends {@code n} elements into {@code pipe} and one that takes them. */
    void startProducerAndConsumer(Pipe pipe, int n) {
        start(() -> {
            for (int i = 0; i < n; i++) {
                pipe.send(i);
            }
        });
        start(() -> {
            for (int i = 0; i < n; i++) {
                pipe.receive();
            }
        });
    }

    void joinAll() throws InterruptedException {
        for (Thread t : threads) {
            t.join();
        }
        threads.clear();
    }
}
