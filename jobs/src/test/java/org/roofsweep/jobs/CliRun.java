package org.roofsweep.jobs;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process command line: its exit code and what it printed. */
public record CliRun(int exitCode, String out, String err) {
    /** Runs {@link Cli#run} with its output and error writers captured. */
    public static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code;
        try (PrintWriter o = new PrintWriter(out); PrintWriter e = new PrintWriter(err)) {
            code = Cli.run(o, e, args);
        }
        return new CliRun(code, out.toString(), err.toString());
    }

    /** For assertion messages. */
    public String transcript() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
