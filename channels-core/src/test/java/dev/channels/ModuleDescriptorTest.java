package dev.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The module descriptor the jar ships: module {@code dev.channels}, exporting its one package
 * (whose public types are the API) and nothing else, and depending on nothing outside the JDK.
 */
class ModuleDescriptorTest {

    @Test
    void theModuleExportsTheApiPackageAndRequiresOnlyTheJdk() throws Exception {
        ModuleDescriptor d;
        // Beside the library's classes (the tests run on the class path, where a plain resource
        // look-up could find another module's descriptor first).
        java.net.URI classes = Channel.class.getProtectionDomain().getCodeSource().getLocation().toURI();
        try (InputStream in = classes.resolve("module-info.class").toURL().openStream()) {
            assertNotNull(in, "no module-info.class beside the classes");
            d = ModuleDescriptor.read(in);
        }
        assertEquals("dev.channels", d.name());
        assertEquals(Set.of("dev.channels"), d.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
        assertEquals(Set.of(), d.exports().stream().filter(ModuleDescriptor.Exports::isQualified).collect(Collectors.toSet()));
        assertEquals(Set.of(), d.opens());
        assertEquals(Set.of("java.base", "jdk.jfr"), d.requires().stream().map(ModuleDescriptor.Requires::name).collect(Collectors.toSet()));
    }
}
