package org.multiprocessing4j.internal.config;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The registry of system properties: complete, the only place that names one, and README's table. */
class ConfigurationTest {

    /** The module's directory is the working directory of the tests (Maven's default). */
    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final String TABLE_START = "<!-- configuration table: made from internal.config.Configuration -->";
    private static final String TABLE_END = "<!-- end of configuration table -->";

    @AfterEach
    void clear() {
        System.clearProperty(Configuration.QUEUE_RING_BYTES_PROP_NAME);
        System.clearProperty(Configuration.WARM_SPARES_PROP_NAME);
        System.clearProperty(Configuration.CHILD_TUNING_PROP_NAME);
    }

    @Test
    void everyDeclaredPropertyIsListedOnceWithItsPrefix() throws IllegalAccessException {
        var declared = new ArrayList<String>();
        for (Field f : Configuration.class.getFields()) {
            if (f.getName().endsWith("_PROP_NAME") && Modifier.isStatic(f.getModifiers())) {
                declared.add((String) f.get(null));
            }
        }
        var listed = Configuration.PROPERTIES.stream().map(Configuration.Property::name).toList();
        assertEquals(declared.stream().sorted().toList(), listed.stream().sorted().toList());
        assertEquals(listed.size(), listed.stream().distinct().count(), "a property is listed twice: " + listed);
        listed.forEach(n -> assertTrue(n.startsWith(Configuration.PREFIX), n));
    }

    @Test
    void readmeHasTheTableMadeFromTheRegistry() throws IOException {
        String readme = Files.readString(MODULE.resolveSibling("README.md"));
        int start = readme.indexOf(TABLE_START);
        int end = readme.indexOf(TABLE_END);
        assertTrue(start >= 0 && end > start, "README.md lacks the markers " + TABLE_START + " ... " + TABLE_END);
        String table = readme.substring(start + TABLE_START.length(), end).strip() + "\n";
        assertEquals(Configuration.markdownTable(), table, "README.md's configuration table is not the registry's; "
                + "paste Configuration.markdownTable() between the markers");
    }

    @Test
    void noOtherSourceFileNamesAProperty() throws IOException {
        var literal = Pattern.compile("\"multiprocessing4j\\.[A-Za-z]");
        var offenders = new ArrayList<String>();
        Path sources = MODULE.resolve("src/main/java");
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                if (!p.getFileName().toString().equals("Configuration.java") && literal.matcher(Files.readString(p)).find()) {
                    offenders.add(sources.relativize(p).toString());
                }
            }
        }
        assertEquals(List.of(), offenders, "declare system properties in Configuration and read them through it");
    }

    @Test
    void invalidValuesNameThePropertyAndTheValue() {
        System.setProperty(Configuration.QUEUE_RING_BYTES_PROP_NAME, "1000");
        var ring = assertThrows(IllegalArgumentException.class, Configuration::queueRingBytes);
        assertTrue(ring.getMessage().contains(Configuration.QUEUE_RING_BYTES_PROP_NAME + "=1000"), ring.getMessage());
        System.setProperty(Configuration.WARM_SPARES_PROP_NAME, "many");
        var spares = assertThrows(IllegalArgumentException.class, Configuration::warmSpares);
        assertTrue(spares.getMessage().contains(Configuration.WARM_SPARES_PROP_NAME + "=many"), spares.getMessage());
        System.setProperty(Configuration.CHILD_TUNING_PROP_NAME, "fast");
        var tuning = assertThrows(IllegalArgumentException.class, Configuration::childTuning);
        assertTrue(tuning.getMessage().contains(Configuration.CHILD_TUNING_PROP_NAME + "=fast"), tuning.getMessage());
    }

    @Test
    void unsetPropertiesGiveTheirDefaults() {
        assertEquals(Configuration.QUEUE_RING_BYTES_DEFAULT, Configuration.queueRingBytes());
        assertEquals(Configuration.WARM_SPARES_DEFAULT, Configuration.warmSpares());
        assertEquals(Configuration.CHILD_TUNING_DEFAULT, Configuration.childTuning());
        System.setProperty(Configuration.QUEUE_RING_BYTES_PROP_NAME, " 8192 ");
        assertEquals(8192, Configuration.queueRingBytes());
    }
}
