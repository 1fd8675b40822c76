package io.tuplespace.javaspaces;

import io.tuplespace.core.Template;
import io.tuplespace.core.Tuple;
import net.jini.core.entry.Entry;

/**
 * What {@link TupleSpaceJavaSpace#snapshot(Entry)} returns: an entry marshalled once, as a tuple (to write) and as
 * a template (to match), so using it again and again skips the reflection and serialization of each call, as
 * Outrigger's snapshots do. It stands for the entry's values when the snapshot was taken: changing the entry
 * afterwards does not change it.
 * <p>
 * As JavaSpaces specifies, it may only be passed back to this space's methods (any tuple space client's
 * {@code TupleSpaceJavaSpace} reads it): it is not an entry of the original class, and it does not survive Java
 * serialization. Immutable and thread-safe.
 */
final class EntrySnapshot implements Entry
{
    private static final long serialVersionUID = 1L;

    final transient Tuple tuple;
    final transient Template template;
    final transient ClassLoader loader;
    private final String entryClass;

    EntrySnapshot(final Tuple tuple, final Template template, final Entry entry)
    {
        this.tuple = tuple;
        this.template = template;
        this.loader = EntryCodec.loaderOf(entry);
        this.entryClass = entry.getClass().getName();
    }

    public String toString()
    {
        return "EntrySnapshot{" + entryClass + " " + tuple + "}";
    }
}
