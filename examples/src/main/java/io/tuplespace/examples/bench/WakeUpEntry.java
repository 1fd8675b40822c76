package io.tuplespace.examples.bench;

import net.jini.core.entry.Entry;

/**
 * The JavaSpaces entry of {@code bench-wakeup}: one wake-up, addressed to the side that takes it and stamped with
 * the writer's {@link System#nanoTime()} just before the write.
 */
public final class WakeUpEntry implements Entry
{
    private static final long serialVersionUID = 1L;

    /** The side that takes it: {@code bench} or {@code peer}. */
    public String to;

    /** The protocol's round, 1, 2, 3...: a take checks it got the one it waits for. */
    public Long round;

    /** The writer's {@link System#nanoTime()} just before the write. */
    public Long sentNs;

    public WakeUpEntry()
    {
    }

    WakeUpEntry(final String to, final Long round, final Long sentNs)
    {
        this.to = to;
        this.round = round;
        this.sentNs = sentNs;
    }
}
