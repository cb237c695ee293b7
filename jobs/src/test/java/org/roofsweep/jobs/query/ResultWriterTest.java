package org.roofsweep.jobs.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.roofsweep.jobs.SharedSpark;

class ResultWriterTest {
    @Test
    void textRoundsDoublesToFiveSignificantDigits() {
        assertEquals("123.46", ResultWriter.textValue(123.456789));
        assertEquals("0.012346", ResultWriter.textValue(0.0123456));
        assertEquals("2", ResultWriter.textValue(2.0));
        assertEquals("1.2346e-07", ResultWriter.textValue(1.23456e-7));
        assertEquals("NULL", ResultWriter.textValue(null));
        assertEquals("12345678", ResultWriter.textValue(12345678L));
    }

    @Test
    void textRightAlignsNumbersAndStopsAtTheRowLimit() {
        Dataset<Row> df = SharedSpark.session().sql(
                "SELECT * FROM VALUES ('a', 1.5D), ('bbbb', 22.25D), ('c', NULL) AS t(name, value)");
        StringWriter s = new StringWriter();
        ResultWriter.text(cursor(df), 2, new java.io.PrintWriter(s));
        assertEquals("""
                name  value
                ----  -----
                a       1.5
                bbbb  22.25
                (first 2 rows; raise --max-rows or use --csv for all)
                """, s.toString());
    }

    @Test
    void csvQuotesFieldsThatNeedIt() {
        Dataset<Row> df = SharedSpark.session().sql(
                "SELECT * FROM VALUES ('plain', 1), ('a, \"b\"', NULL) AS t(text, n)");
        StringWriter s = new StringWriter();
        assertEquals(2, ResultWriter.csv(cursor(df), s));
        assertEquals("text,n\r\nplain,1\r\n\"a, \"\"b\"\"\",\r\n", s.toString());
    }

    /** The rows of {@code df} as a cursor, as an engine hands them to the writer. */
    private static Cursor cursor(Dataset<Row> df) {
        java.util.Iterator<Row> rows = df.collectAsList().iterator();
        return new Cursor() {
            @Override
            public org.apache.spark.sql.types.StructType schema() {
                return df.schema();
            }

            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Row next() {
                return rows.next();
            }

            @Override
            public void close() {
            }
        };
    }
}
