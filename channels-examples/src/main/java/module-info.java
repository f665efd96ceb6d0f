/**
 * The programs of the texts the project started from, running on channels; started by
 * {@code ./examples} at the repository root, as this module, so that the library's module
 * descriptor is used by every build.
 */
module dev.channels.examples {
    requires dev.channels;
    requires dev.channels.nats;      // the greeter's cluster: its jobs cross processes over NATS
    requires java.net.http;          // the fetcher's client
    requires jdk.httpserver;         // the streamer's and the fetcher's demo servers
    requires java.management;        // the greeter's --stats
}
