package org.roofsweep.jobs.write;

/**
 * The scratch space of encoding, shared by every {@link PageEncoder} of a task (a task encodes one page at a time, and
 * the page writer copies what it is given): a page's bytes, its levels and its dictionary ids.
 */
final class PageBuffers {
    private final PageSink page = new PageSink();
    private int[] levels = new int[0];
    private int[] ids = new int[0];

    /** Room for the levels and ids of {@code n} values, and 8 more (the hybrid's zero padding). */
    void ensure(int n) {
        if (levels.length < n + 8) {
            levels = new int[n + 8];
            ids = new int[n + 8];
        }
    }

    PageSink page() {
        return page;
    }

    int[] levels() {
        return levels;
    }

    int[] ids() {
        return ids;
    }
}
