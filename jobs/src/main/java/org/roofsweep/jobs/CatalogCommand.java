package org.roofsweep.jobs;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder until the command lands. */
@Command(name = "catalog")
public final class CatalogCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UserException("catalog is not implemented yet");
    }
}
