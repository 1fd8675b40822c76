package io.tuplespace.javaspaces;

import io.tuplespace.core.Tuple;
import net.jini.core.entry.Entry;
import net.jini.core.entry.UnusableEntryException;
import net.jini.space.AvailabilityEvent;
import net.jini.space.JavaSpace;

import java.rmi.MarshalledObject;

/**
 * An {@link AvailabilityEvent} carrying the tuple whose transition fired it; the entry is rebuilt on each
 * {@link #getEntry()}. Not meant to be serialized: the tuple stays in this JVM.
 */
final class SpaceAvailabilityEvent extends AvailabilityEvent
{
    private static final long serialVersionUID = 1L;

    private final transient Tuple tuple;
    private final transient ClassLoader loader;

    SpaceAvailabilityEvent(
        final JavaSpace source,
        final long eventId,
        final long sequenceNumber,
        final MarshalledObject<?> handback,
        final boolean isVisibilityTransition,
        final Tuple tuple,
        final ClassLoader loader)
    {
        super(source, eventId, sequenceNumber, handback, isVisibilityTransition);
        this.tuple = tuple;
        this.loader = loader;
    }

    /**
     * @return a copy of the entry whose transition fired this event; it may have been taken since.
     * @throws UnusableEntryException if it cannot be rebuilt in this JVM.
     */
    public Entry getEntry() throws UnusableEntryException
    {
        return EntryCodec.toEntry(tuple, loader);
    }

    /**
     * The entry rebuilt from the event's tuple, a new copy on each call, like {@link #getEntry()}; not the
     * {@link EntrySnapshot} that {@link TupleSpaceJavaSpace#snapshot(Entry)} makes. That meets the contract
     * JavaSpace05 sets (the same as {@code snapshot(getEntry())}'s: usable with this space in place of the entry),
     * since every method of the space takes a plain entry wherever it takes a snapshot; the entry is marshalled on
     * each use, where a snapshot is marshalled once. Pass it to {@code snapshot} to get that saving.
     *
     * @return a copy of the entry, or null if it cannot be rebuilt in this JVM: {@link #getEntry()} then says why.
     */
    public Entry getSnapshot()
    {
        try
        {
            return getEntry();
        }
        catch (final UnusableEntryException ex)
        {
            return null;
        }
    }
}
