package org.roofsweep.jobs.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashSet;
import java.util.Set;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/** The row hash behind the run manifest's checksums: what it tells apart, and that both of its entry points agree. */
class RowChecksumTest {
    private static final Object[] ROW = {42L, "pc_high", 7, 0.25, true, null, "does not fit: 12.3 GiB"};

    @Test
    void aRowAndItsValuesHashAlike() {
        assertEquals(RowChecksum.of(ROW), RowChecksum.of(RowFactory.create(ROW)));
    }

    @Test
    void changingAnyOneValueOrItsTypeChangesTheHash() {
        Object[][] variants = {
            {43L, "pc_high", 7, 0.25, true, null, "does not fit: 12.3 GiB"},
            {42L, "pc_low", 7, 0.25, true, null, "does not fit: 12.3 GiB"},
            {42L, "pc_high", 8, 0.25, true, null, "does not fit: 12.3 GiB"},
            {42L, "pc_high", 7L, 0.25, true, null, "does not fit: 12.3 GiB"}, // same number, other type
            {42L, "pc_high", 7, -0.25, true, null, "does not fit: 12.3 GiB"},
            {42L, "pc_high", 7, 0.25, false, null, "does not fit: 12.3 GiB"},
            {42L, "pc_high", 7, 0.25, true, 0.0, "does not fit: 12.3 GiB"}, // null vs zero
            {42L, "pc_high", 7, 0.25, true, null, "does not fit: 12.4 GiB"},
            {42L, "pc_high", 7, 0.25, true, null, null},
        };
        Set<Long> hashes = new HashSet<>();
        hashes.add(RowChecksum.of(ROW));
        for (Object[] v : variants) {
            assertNotEquals(RowChecksum.of(ROW), RowChecksum.of(v));
            hashes.add(RowChecksum.of(v));
        }
        assertEquals(variants.length + 1, hashes.size(), "all distinct");
    }

    @Test
    void theHexTextHasSixteenDigits() {
        assertEquals("0000000000000007", RowChecksum.hex(7));
        assertEquals("ffffffffffffffff", RowChecksum.hex(-1));
    }
}
