package dev.channels.nats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The module descriptor the jar ships: module {@code dev.channels.nats}, exporting its one
 * package, and passing on the two modules its API shows (channels and the NATS client).
 */
class ModuleDescriptorTest {

    @Test
    void theModuleExportsItsPackageAndPassesOnWhatItsApiShows() throws Exception {
        ModuleDescriptor d;
        java.net.URI classes = NatsChannels.class.getProtectionDomain().getCodeSource().getLocation().toURI();
        try (InputStream in = classes.resolve("module-info.class").toURL().openStream()) {
            assertNotNull(in, "no module-info.class beside the classes");
            d = ModuleDescriptor.read(in);
        }
        assertEquals("dev.channels.nats", d.name());
        assertEquals(Set.of("dev.channels.nats"), d.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
        Map<String, Set<ModuleDescriptor.Requires.Modifier>> requires = d.requires().stream()
                .collect(Collectors.toMap(ModuleDescriptor.Requires::name, ModuleDescriptor.Requires::modifiers));
        assertEquals(Set.of("java.base", "dev.channels", "io.nats.jnats"), requires.keySet());
        assertTrue(requires.get("dev.channels").contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE));
        assertTrue(requires.get("io.nats.jnats").contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE));
    }
}
