package org.multiprocessing4j.internal.shm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.multiprocessing4j.internal.sync.SyncDescriptor;

import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The self-describing segment header and its checks. */
class SegmentTest {

    @TempDir
    Path dir;

    @Test
    void theDescriptorOffsetsAreTheDocumentedOnes() {
        assertEquals(0, SegmentDescriptor.MAGIC_OFFSET);
        assertEquals(8, SegmentDescriptor.VERSION_OFFSET);
        assertEquals(12, SegmentDescriptor.KIND_OFFSET);
        assertEquals(16, SegmentDescriptor.CREATOR_PID_OFFSET);
        assertEquals(24, SegmentDescriptor.BODY_SIZE_OFFSET);
        assertEquals(64, SegmentDescriptor.HEADER_LENGTH);
        assertEquals(0, SyncDescriptor.WORD_OFFSET);
        assertEquals(4, SyncDescriptor.SLEEPERS_OFFSET);
        assertEquals(8, SyncDescriptor.SEQUENCE_OFFSET);
        assertEquals(12, SyncDescriptor.WAKE_PENDING_OFFSET);
        assertEquals(16, SyncDescriptor.OWNER_THREAD_OFFSET);
        assertEquals(24, SyncDescriptor.A_OFFSET);
        assertEquals(36, SyncDescriptor.D_OFFSET);
        assertEquals(64, SyncDescriptor.MUTEX_OFFSET);
        assertEquals(128, SyncDescriptor.LENGTH);
    }

    @Test
    void anAttacherSeesTheCreatorsHeaderAndBody() {
        try (var created = Segment.create(dir.resolve("s"), 42, 100);
             var attached = Segment.attach(dir.resolve("s"))) {
            created.body().set(ValueLayout.JAVA_INT, 96, 7);
            assertEquals(42, attached.kind());
            assertEquals(ProcessHandle.current().pid(), attached.creatorPid());
            assertEquals(100, attached.body().byteSize());
            assertEquals(7, attached.body().get(ValueLayout.JAVA_INT, 96));
        }
        assertThrows(java.io.UncheckedIOException.class, () -> Segment.create(dir.resolve("s"), 1, 8), "exists");
    }

    @Test
    void anotherLayoutVersionIsRefusedNamingBoth() {
        try (var created = Segment.create(dir.resolve("v"), 1, 8)) {
            created.unlink();
        }
        try (var created = Segment.create(dir.resolve("v"), 1, 8)) {
            var whole = java.lang.foreign.MemorySegment.ofAddress(created.body().address() - SegmentDescriptor.HEADER_LENGTH)
                    .reinterpret(SegmentDescriptor.HEADER_LENGTH);
            whole.set(ValueLayout.JAVA_INT, SegmentDescriptor.VERSION_OFFSET, 99);
            var e = assertThrows(IllegalStateException.class, () -> Segment.attach(dir.resolve("v")));
            assertTrue(e.getMessage().contains("layout version 99") && e.getMessage().contains("reads version 1"), e.getMessage());
            whole.set(ValueLayout.JAVA_INT, SegmentDescriptor.VERSION_OFFSET, 0);
            e = assertThrows(IllegalStateException.class, () -> Segment.attach(dir.resolve("v")));
            assertTrue(e.getMessage().contains("not yet published"), e.getMessage());
        }
    }

    @Test
    void aFileThatIsNoSegmentIsRefused() throws Exception {
        Files.write(dir.resolve("junk"), new byte[128]);
        assertThrows(IllegalStateException.class, () -> Segment.attach(dir.resolve("junk")));
        Files.write(dir.resolve("tiny"), new byte[3]);
        assertThrows(IllegalStateException.class, () -> Segment.attach(dir.resolve("tiny")));
        assertThrows(Segment.NoSuchSegmentException.class, () -> Segment.attach(dir.resolve("missing")));
    }
}
