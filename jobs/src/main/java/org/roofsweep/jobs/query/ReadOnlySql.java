package org.roofsweep.jobs.query;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.ExecutableDuringAnalysis;
import org.apache.spark.sql.catalyst.plans.logical.InsertIntoDir;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.ParsedStatement;
import org.apache.spark.sql.catalyst.trees.TreeNode;
import org.apache.spark.sql.execution.SparkSqlParser;
import org.roofsweep.jobs.cli.UserException;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Keeps {@code query} read-only on the Spark path: the statement is parsed by Spark's own parser and refused, before
 * Spark runs it, when a node of its plan writes or changes state. A query plan holds only relational operators; every statement that writes, creates, drops, caches, sets, adds a jar, uses
 * a catalog or calls a procedure parses to a {@link Command} (DDL, {@code SET}, {@code CACHE}, {@code EXPLAIN},
 * {@code SHOW}), a {@link ParsedStatement} ({@code INSERT INTO}), an {@link InsertIntoDir} ({@code INSERT OVERWRITE
 * DIRECTORY}), an {@link ExecutableDuringAnalysis} ({@code CALL}) or one of {@link #RUNS}; a node from any other
 * package than the query operators' is refused too, so a kind of statement a later Spark adds fails closed. Functions that call into the JVM ({@code reflect}, {@code java_method}) could
 * change a system property, so they are refused too. Several statements in one text are a syntax error of the
 * parser. DuckDB's own statements ({@code COPY}, {@code ATTACH}, {@code PRAGMA}, {@code INSTALL}) are no Spark SQL
 * and fail to parse. The DuckDB path asks DuckDB's own parser instead ({@link DuckDbReadOnly}), so that it loads no
 * Spark parser.
 */
public final class ReadOnlySql {
    /** Functions that reach into the JVM by reflection. */
    private static final Set<String> JVM_FUNCTIONS = Set.of("reflect", "java_method", "try_reflect");
    /**
     * Plan nodes of those packages that are no {@link Command} yet run or create something: {@code EXECUTE
     * IMMEDIATE} (runs a statement held in a string), SQL scripts, and pipeline datasets created from a query.
     */
    private static final Set<String> RUNS = Set.of("UnresolvedExecuteImmediate", "CompoundBody",
            "CreateMaterializedViewAsSelect", "CreateStreamingTableAsSelect");
    private static final SparkSqlParser PARSER = new SparkSqlParser();

    private ReadOnlySql() {
    }

    /** Returns normally when {@code sql} only reads; else throws a {@link UserException} naming what it would do. */
    public static void require(String sql, List<String> views) {
        LogicalPlan plan = Sql.userErrors(views, () -> PARSER.parsePlan(sql));
        Deque<TreeNode<?>> todo = new ArrayDeque<>(List.of(plan));
        while (!todo.isEmpty()) {
            TreeNode<?> node = todo.pop();
            if (node instanceof LogicalPlan && !reads(node)) {
                throw DuckDbReadOnly.refused(statement(node));
            }
            if (node instanceof UnresolvedFunction f
                    && JVM_FUNCTIONS.contains(f.nameParts().last().toLowerCase(Locale.ROOT))) {
                throw DuckDbReadOnly.refused("the function " + f.nameParts().last()
                        + "(), which calls Java methods,");
            }
            CollectionConverters.asJava(node.children()).forEach(c -> todo.push((TreeNode<?>) c));
            // inner children: the plans of subquery expressions and of WITH's named queries
            CollectionConverters.asJava(node.innerChildren()).forEach(c -> todo.push((TreeNode<?>) c));
            if (node instanceof LogicalPlan p) {
                for (Expression e : CollectionConverters.asJava(p.expressions())) {
                    todo.push(e);
                }
            }
        }
    }

    /**
     * Whether a plan node only reads: none of the kinds that write or run something, and a node of the query
     * operators' own packages (every command of {@code org.apache.spark.sql.execution} is refused by that alone).
     */
    private static boolean reads(TreeNode<?> node) {
        if (node instanceof Command || node instanceof ParsedStatement || node instanceof InsertIntoDir
                || node instanceof ExecutableDuringAnalysis || RUNS.contains(node.getClass().getSimpleName())) {
            return false;
        }
        String pkg = node.getClass().getPackageName();
        return pkg.equals("org.apache.spark.sql.catalyst.plans.logical")
                || pkg.equals("org.apache.spark.sql.catalyst.analysis");
    }

    /** The kind of statement a plan node stands for, from its class: {@code CreateTableAsSelect}, ... */
    private static String statement(TreeNode<?> node) {
        String name = node.getClass().getSimpleName().replaceAll("(Command|Statement|Exec)$", "");
        String words = name.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toUpperCase(Locale.ROOT);
        return "this statement (" + words + ")";
    }
}
