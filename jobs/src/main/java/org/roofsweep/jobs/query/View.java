package org.roofsweep.jobs.query;

/** One SQL view an engine offers, and what it holds. */
public record View(String name, String description) {
}
