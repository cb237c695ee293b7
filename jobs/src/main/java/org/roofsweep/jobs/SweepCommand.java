package org.roofsweep.jobs;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until the command lands. */
@Command(name = "run")
public final class SweepCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UserException("run is not implemented yet");
    }
}
