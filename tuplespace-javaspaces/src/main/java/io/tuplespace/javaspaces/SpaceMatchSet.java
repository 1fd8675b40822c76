package io.tuplespace.javaspaces;

import io.tuplespace.client.Transaction;
import io.tuplespace.client.TupleSpace;
import io.tuplespace.core.Template;
import io.tuplespace.core.Tuple;
import net.jini.core.entry.Entry;
import net.jini.core.entry.UnusableEntryException;
import net.jini.core.lease.Lease;
import net.jini.space.MatchSet;

import java.rmi.RemoteException;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;

/**
 * The match set of {@link TupleSpaceJavaSpace#contents}: the client's {@code contents} walk over the matches of each
 * template in turn, oldest first, fetched from the server a page at a time. The server keeps nothing for a
 * walk (each page continues after the last tuple of the one before), so the set is never invalidated and is not
 * leased: {@link #getLease()} returns null, as JavaSpace05 requires of an unleased match set.
 * <p>
 * Every entry that stays visible for the life of the set is returned once: a tuple that also matches an earlier
 * template was returned by that template's walk and is skipped. Entries written during the walk are returned if the
 * walk has not passed them. Under a transaction, each entry is read-locked by the transaction before it is
 * returned (a read of an equal entry under the transaction: entries with equal fields are interchangeable); one
 * taken meanwhile is skipped, and once the transaction has ended the set is exhausted.
 * <p>
 * Not thread-safe: one thread iterates a match set.
 */
final class SpaceMatchSet implements MatchSet
{
    private final TupleSpace space;
    private final SpaceTransactionManager manager;
    private final List<Template> templates;
    private final Transaction transaction;
    private final ClassLoader loader;
    private long remaining;
    private Iterator<Tuple> walk;
    private Tuple last;

    SpaceMatchSet(
        final TupleSpace space,
        final SpaceTransactionManager manager,
        final List<Template> templates,
        final Transaction transaction,
        final long maxEntries,
        final ClassLoader loader)
    {
        this.space = space;
        this.manager = manager;
        this.templates = templates;
        this.transaction = transaction;
        this.remaining = maxEntries;
        this.loader = loader;
    }

    /**
     * @return the next entry, or null once the set is exhausted (all matches returned, or maxEntries reached).
     * @throws UnusableEntryException if the next entry cannot be rebuilt here; it counts as returned.
     * @throws RemoteException        if the server has gone.
     */
    public Entry next() throws RemoteException, UnusableEntryException
    {
        last = null;
        if (remaining <= 0)
        {
            return null;
        }
        final Tuple tuple;
        try
        {
            tuple = nextVisible();
        }
        catch (final io.tuplespace.client.UnknownTransactionException ex)
        {
            // The transaction has ended: no entry can be read-locked any more, so none may be returned.
            manager.lost(transaction);
            remaining = 0;
            return null;
        }
        catch (final RuntimeException ex)
        {
            throw Failures.remote(ex);
        }
        if (null == tuple)
        {
            remaining = 0;
            return null;
        }
        remaining--;
        final Entry entry = EntryCodec.toEntry(tuple, loader);
        last = tuple;
        return entry;
    }

    /**
     * @return null: the set is not leased, it holds nothing on the server.
     */
    public Lease getLease()
    {
        return null;
    }

    /**
     * A copy of the entry the last {@link #next()} returned, rebuilt from what the space held then, so a change the
     * caller has made to the returned entry since does not show; not the {@link EntrySnapshot} that
     * {@link TupleSpaceJavaSpace#snapshot(Entry)} makes. That meets the contract JavaSpace05 sets (the same as
     * {@code snapshot(next())}'s: usable with this space in place of the entry), since every method of the space
     * takes a plain entry wherever it takes a snapshot; the entry is marshalled on each use, where a snapshot is
     * marshalled once.
     *
     * @return a copy of the entry the last {@link #next()} returned.
     * @throws IllegalStateException if the last {@link #next()} returned no entry.
     */
    public Entry getSnapshot()
    {
        if (null == last)
        {
            throw new IllegalStateException("the last call to next() returned no entry");
        }
        try
        {
            return EntryCodec.toEntry(last, loader);
        }
        catch (final UnusableEntryException ex)
        {
            // next() rebuilt this very tuple with the same class loader.
            throw new IllegalStateException("the entry next() returned cannot be rebuilt again", ex);
        }
    }

    private Tuple nextVisible()
    {
        if (null == walk)
        {
            walk = space.contents(templates, transaction);
        }
        while (walk.hasNext())
        {
            final Tuple tuple = walk.next();
            if (readLock(tuple))
            {
                return tuple;
            }
        }
        return null;
    }

    private boolean readLock(final Tuple tuple)
    {
        if (null == transaction)
        {
            return true;
        }
        final Object[] fields = new Object[tuple.size()];
        for (int i = 0; i < fields.length; i++)
        {
            fields[i] = tuple.get(i);
        }
        return space.rd(Template.of(fields), Duration.ZERO, transaction).isPresent();
    }
}
