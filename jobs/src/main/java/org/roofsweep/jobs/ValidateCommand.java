package org.roofsweep.jobs;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until the command lands. */
@Command(name = "validate")
public final class ValidateCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UserException("validate is not implemented yet");
    }
}
