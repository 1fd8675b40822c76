package io.tuplespace.javaspaces;

import io.tuplespace.core.Template;
import io.tuplespace.core.Tuple;
import net.jini.core.entry.Entry;
import net.jini.core.entry.UnusableEntryException;
import net.jini.entry.UnusableEntriesException;

import java.rmi.MarshalException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Checks the arguments of the JavaSpace05 batch methods as their contract says (NullPointerException,
 * IllegalArgumentException) before anything reaches the server, and converts them.
 */
final class Arguments
{
    private Arguments()
    {
    }

    /**
     * @param entries        the entries to write: a non-empty list of non-null entries.
     * @param leaseDurations one Long per entry: not negative, or ANY.
     * @param tuples         receives the entries' tuples.
     * @param leases         receives the leases to ask for.
     * @throws MarshalException if an entry cannot be marshalled.
     */
    static void entriesAndLeases(
        final List<?> entries, final List<?> leaseDurations, final List<Tuple> tuples, final List<Duration> leases)
        throws MarshalException
    {
        if (null == entries || null == leaseDurations)
        {
            throw new NullPointerException("entries and leaseDurations must not be null");
        }
        if (entries.size() != leaseDurations.size() || entries.isEmpty())
        {
            throw new IllegalArgumentException("entries and leaseDurations must have the same, non-zero, length: " +
                entries.size() + " and " + leaseDurations.size());
        }
        for (int i = 0; i < entries.size(); i++)
        {
            final Object entry = entries.get(i);
            final Object lease = leaseDurations.get(i);
            if (null == entry || null == lease)
            {
                throw new NullPointerException("null element at " + i);
            }
            if (!(entry instanceof Entry))
            {
                throw new IllegalArgumentException("element " + i + " is not an Entry: " + entry.getClass());
            }
            if (!(lease instanceof Long))
            {
                throw new IllegalArgumentException("lease " + i + " is not a Long: " + lease.getClass());
            }
            leases.add(Durations.lease((Long)lease));
            tuples.add(EntryCodec.toTuple((Entry)entry));
        }
    }

    /**
     * @param tmpls a non-empty collection of entries or nulls.
     * @return their templates, in order; a null element matches every entry.
     * @throws MarshalException if a template cannot be marshalled.
     */
    static List<Template> templates(final Collection<?> tmpls) throws MarshalException
    {
        final List<Entry> entries = entryList(tmpls);
        final List<Template> templates = new ArrayList<>(entries.size());
        for (final Entry entry : entries)
        {
            templates.add(EntryCodec.toTemplate(entry));
        }
        return templates;
    }

    /**
     * @param tmpls a non-empty collection of entries or nulls.
     * @return them as a list.
     */
    static List<Entry> entryList(final Collection<?> tmpls)
    {
        if (null == tmpls)
        {
            throw new NullPointerException("tmpls must not be null");
        }
        if (tmpls.isEmpty())
        {
            throw new IllegalArgumentException("tmpls must not be empty");
        }
        final List<Entry> entries = new ArrayList<>(tmpls.size());
        for (final Object tmpl : tmpls)
        {
            if (null != tmpl && !(tmpl instanceof Entry))
            {
                throw new IllegalArgumentException("not an Entry: " + tmpl.getClass());
            }
            entries.add((Entry)tmpl);
        }
        return entries;
    }

    /**
     * @param maxEntries positive.
     * @return it, capped to what one request can ask for.
     */
    static int maxEntries(final long maxEntries)
    {
        if (maxEntries <= 0)
        {
            throw new IllegalArgumentException("maxEntries must be positive, got " + maxEntries);
        }
        return (int)Math.min(maxEntries, Integer.MAX_VALUE);
    }

    /**
     * @param tmpls templates, some maybe null.
     * @return the first non-null one, or null.
     */
    static Object firstNonNull(final Collection<?> tmpls)
    {
        for (final Object tmpl : tmpls)
        {
            if (null != tmpl)
            {
                return tmpl;
            }
        }
        return null;
    }

    /**
     * @param tuples taken entries' tuples.
     * @param loader to rebuild them with.
     * @return the entries.
     * @throws UnusableEntriesException if some cannot be rebuilt: it holds the others and a reason for each.
     */
    static List<Entry> decodeAll(final List<Tuple> tuples, final ClassLoader loader) throws UnusableEntriesException
    {
        final List<Entry> entries = new ArrayList<>(tuples.size());
        final List<UnusableEntryException> unusable = new ArrayList<>();
        for (final Tuple tuple : tuples)
        {
            try
            {
                entries.add(EntryCodec.toEntry(tuple, loader));
            }
            catch (final UnusableEntryException ex)
            {
                unusable.add(ex);
            }
        }
        if (!unusable.isEmpty())
        {
            throw new UnusableEntriesException(
                unusable.size() + " of " + tuples.size() + " entries taken cannot be rebuilt", entries, unusable);
        }
        return entries;
    }
}
