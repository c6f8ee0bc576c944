package org.multiprocessing4j.internal.os;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Posix}'s answers agree with the system's own tools. */
class PosixTest {

    @Test
    void theEffectiveUidIsTheOneIdPrints() throws Exception {
        var id = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
        String out = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(id.waitFor() == 0, "id -u: " + out);
        assertEquals(Integer.parseInt(out), Posix.effectiveUid());
    }
}
