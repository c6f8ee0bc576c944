package org.multiprocessing4j.internal.spawn;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How a child's raw exit status and its reports become CPython's exit code. */
class ControlProtocolExitCodeTest {

    @Test
    void aReportedSignalWins() {
        assertEquals(-15, ControlProtocol.exitCode(143, 15, true, 0));
        assertEquals(-2, ControlProtocol.exitCode(130, 2, false, null));
    }

    @Test
    void aChildKilledAfterItsRunReturnedIsReportedAsKilled() {
        // run() returned 0 (RESULT 0), then SIGKILL came while the JVM exited: status 137.
        assertEquals(-9, ControlProtocol.exitCode(137, 0, true, 0));
        assertEquals(0, ControlProtocol.exitCode(0, 0, true, 0));
        assertEquals(1, ControlProtocol.exitCode(1, 0, true, 1));
    }

    @Test
    void anExitCodeTheProcessChoseItselfIsKept() {
        // System.exit(137) inside run(): no RESULT, only EXITING.
        assertEquals(137, ControlProtocol.exitCode(137, 0, true, null));
        assertEquals(3, ControlProtocol.exitCode(3, 0, true, null));
    }

    @Test
    void aChildThatReportedNothingAndEndedWith128PlusNWasKilledByN() {
        assertEquals(-9, ControlProtocol.exitCode(137, 0, false, null));
        assertEquals(7, ControlProtocol.exitCode(7, 0, false, null));
    }
}
