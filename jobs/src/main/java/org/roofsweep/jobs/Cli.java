package org.roofsweep.jobs;

import org.roofsweep.jobs.cli.CalibrateCommand;
import org.roofsweep.jobs.cli.CatalogCommand;
import org.roofsweep.jobs.cli.CompareCommand;
import org.roofsweep.jobs.cli.ExplainCommand;
import org.roofsweep.jobs.cli.QueryCommand;
import org.roofsweep.jobs.cli.ReportCommand;
import org.roofsweep.jobs.cli.RunCommand;
import org.roofsweep.jobs.cli.UserException;
import org.roofsweep.jobs.cli.ValidateCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The roofsweep command line; {@code submit.sh} calls it. Each subcommand is its own class. */
@Command(name = "roofsweep", mixinStandardHelpOptions = true, version = "roofsweep 0.1.0",
        description = "Roofline and PowerInfer cost models for LLM inference, swept on Apache Spark.",
        subcommands = {RunCommand.class, QueryCommand.class, ReportCommand.class, ValidateCommand.class,
            CalibrateCommand.class, CatalogCommand.class, CompareCommand.class, ExplainCommand.class})
public final class Cli {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (0 success, 1 failure, 2 bad input). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The same, printing to {@code out} and {@code err} instead of the standard streams. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return commandLine().setOut(out).setErr(err).execute(args);
    }

    private static CommandLine commandLine() {
        return new CommandLine(new Cli()).setExecutionExceptionHandler(Cli::handle);
    }

    /** Known failures print their message only; anything else is a bug and keeps its stack trace. */
    private static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        if (e instanceof org.roofsweep.core.config.ConfigException ce) {
            cmd.getErr().println("error: invalid configuration:");
            ce.listed().forEach(p -> cmd.getErr().println("  " + p));
            return 2;
        }
        if (e instanceof UserException ue) {
            cmd.getErr().println("error: " + ue.getMessage());
            CommandLine.Model.OptionSpec verbose = cmd.getCommandSpec().findOption("--verbose");
            if (ue.getCause() != null && verbose != null && Boolean.TRUE.equals(verbose.getValue())) {
                ue.getCause().printStackTrace(cmd.getErr());
            }
            return 2;
        }
        cmd.getErr().println("error: " + e);
        e.printStackTrace(cmd.getErr());
        return 1;
    }
}
