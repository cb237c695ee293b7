package org.roofsweep.jobs;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until the command lands. */
@Command(name = "query")
public final class QueryCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UserException("query is not implemented yet");
    }
}
