/**
 * Channels across processes, over NATS: subjects, queue groups, request-reply and JetStream pull
 * consumers as channels of {@code dev.channels}, usable in its {@code Select}. See
 * {@link dev.channels.nats.NatsChannels}.
 */
module dev.channels.nats {
    requires transitive dev.channels;
    requires transitive io.nats.jnats;      // its Connection, Options and Message appear in this API

    exports dev.channels.nats;
}
