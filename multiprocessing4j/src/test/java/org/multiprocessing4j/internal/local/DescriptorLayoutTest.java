package org.multiprocessing4j.internal.local;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The value and array layouts are the ones their descriptors' diagrams document. */
class DescriptorLayoutTest {

    @Test
    void valueLayout() {
        assertEquals(0, ValueDescriptor.CELL_OFFSET);
        assertEquals(8, ValueDescriptor.TAG_OFFSET);
        assertEquals(16, ValueDescriptor.LENGTH);
    }

    @Test
    void arrayLayout() {
        assertEquals(0, ArrayDescriptor.TAG_OFFSET);
        assertEquals(4, ArrayDescriptor.ELEMENT_SIZE_OFFSET);
        assertEquals(8, ArrayDescriptor.LENGTH_OFFSET);
        assertEquals(16, ArrayDescriptor.DATA_OFFSET);
    }
}
