package org.roofsweep.jobs.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each statement of a text that is not a query is named by its class, once, in order; queries are not named. */
class StatementClassesTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            SELECT 1                                                      |
            DROP VIEW points                                              | DROP
            select 1; drop view points                                    | DROP
            DROP VIEW a; CREATE VIEW v AS SELECT 1; DROP VIEW b           | DROP,CREATE
            SELECT ';DROP' AS x, "a;b" FROM points                        |
            SELECT 1 -- ; DROP VIEW points                                |
            SELECT /* ; COPY */ 1; ATTACH 'x' AS y                        | ATTACH
            SELECT 'it''s; fine'; COPY (SELECT 1) TO 'f'                  | COPY
            WITH p AS (SELECT 1) INSERT INTO points SELECT * FROM p       | INSERT
            WITH p AS (SELECT 1), q AS (SELECT 2) SELECT * FROM p, q      |
            WITH RECURSIVE t(n) AS (SELECT 1) SELECT n FROM t             |
            WITH t(n) AS MATERIALIZED (SELECT 1) DELETE FROM points       | DELETE
            FROM points; VALUES (1); TABLE points                         |
            """)
    void namesEachStatementThatIsNoQuery(String sql, String classes) {
        List<String> expected = classes == null ? List.of() : Arrays.asList(classes.split(","));
        assertEquals(expected, StatementClasses.notQueries(sql));
    }
}
