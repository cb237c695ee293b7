package org.roofsweep.jobs.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.roofsweep.jobs.schema.Columns;
import org.roofsweep.jobs.schema.OperatorsTable;
import org.roofsweep.jobs.schema.PointsTable;

/**
 * What a Spark task receives of the table it writes: a table's columns travel as a reference to the static field that
 * holds them, a layout as its columns and partition columns, so a task deserializes a class name and two strings
 * instead of one lambda per column (12,589 bytes for the points layout before, about 20 ms per task).
 */
class RowLayoutSerializationTest {
    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value, int[] size) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        size[0] = bytes.size();
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }

    @Test
    void aTablesColumnsArriveAsTheSameInstance() throws Exception {
        int[] size = new int[1];
        assertSame(PointsTable.TABLE, roundTrip(PointsTable.TABLE, size));
        assertTrue(size[0] < 200, "a class name, not 63 lambdas: " + size[0] + " bytes");
        assertSame(OperatorsTable.TABLE, roundTrip(OperatorsTable.TABLE, size));
    }

    @Test
    void aLayoutIsRebuiltFromItsColumnsAndPartitionColumns() throws Exception {
        RowLayout<?> layout = new RowLayout<>(PointsTable.TABLE, List.of("platform", "model"));
        int[] size = new int[1];
        RowLayout<?> back = roundTrip(layout, size);
        assertSame(PointsTable.TABLE, back.columns());
        assertEquals(List.of("platform", "model"), back.partitionBy());
        assertEquals(layout.fileSchema(), back.fileSchema());
        assertEquals(layout.fileColumnCount(), back.fileColumnCount());
        assertTrue(size[0] < 1000, size[0] + " bytes");
    }

    @Test
    void columnsMadeOnTheSpotTravelWithTheirAccesses() throws Exception {
        StructType schema = DataTypes.createStructType(List.of(
                DataTypes.createStructField("id", DataTypes.LongType, false),
                DataTypes.createStructField("name", DataTypes.StringType, true)));
        Columns<Object[]> back = roundTrip(Columns.ofArrays(schema), new int[1]);
        assertEquals(schema, back.schema());
        assertEquals(List.of(3L, "x"), List.of(back.values(new Object[] {3L, "x"})));
    }
}
