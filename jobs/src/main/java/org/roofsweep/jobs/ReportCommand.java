package org.roofsweep.jobs;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until the command lands. */
@Command(name = "report")
public final class ReportCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UserException("report is not implemented yet");
    }
}
