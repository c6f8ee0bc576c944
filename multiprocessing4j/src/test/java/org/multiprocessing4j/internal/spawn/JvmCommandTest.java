package org.multiprocessing4j.internal.spawn;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.internal.config.Configuration;
import org.multiprocessing4j.internal.process.ChildEntry;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line of a child: the tuning option, and the user's arguments coming last. */
class JvmCommandTest {

    /** As in any JVM that launches children, the process model is there (it names the main class). */
    @BeforeAll
    static void processModel() {
        Multiprocessing.currentProcess();
    }

    @AfterEach
    void clearTuning() {
        System.clearProperty(Configuration.CHILD_TUNING_PROP_NAME);
    }

    @Test
    void shortLivedTuningAddsC1AndSerialGcBeforeTheUsersArguments() {
        assertFalse(JvmCommand.build(List.of(), "jdk").contains("-XX:+UseSerialGC"), "not forced");

        System.setProperty(Configuration.CHILD_TUNING_PROP_NAME, "short-lived");
        var cmd = JvmCommand.build(List.of("-XX:TieredStopAtLevel=4"), "jdk");
        int tuning = cmd.indexOf("-XX:TieredStopAtLevel=1");
        assertTrue(tuning > 0 && cmd.contains("-XX:+UseSerialGC"), cmd.toString());
        assertTrue(cmd.indexOf("-XX:TieredStopAtLevel=4") > tuning, "the user's arguments win: " + cmd);
        assertEquals(ChildEntry.class.getName(), cmd.getLast());
    }

    @Test
    void anUnknownTuningIsRefusedNamingTheProperty() {
        System.setProperty(Configuration.CHILD_TUNING_PROP_NAME, "fast");
        var e = assertThrows(IllegalArgumentException.class, () -> JvmCommand.build(List.of(), "jdk"));
        assertTrue(e.getMessage().contains(Configuration.CHILD_TUNING_PROP_NAME + "=fast"), e.getMessage());
    }
}
