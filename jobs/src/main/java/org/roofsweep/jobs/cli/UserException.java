package org.roofsweep.jobs.cli;

/**
 * A failure the user can fix (a missing table, a wrong flag): printed as one line, exit code 2; the cause, if any,
 * is printed only with {@code --verbose}.
 */
public final class UserException extends RuntimeException {
    public UserException(String message) {
        super(message);
    }

    public UserException(String message, Throwable cause) {
        super(message, cause);
    }
}
