package io.tuplespace.core;

import io.tuplespace.codecs.FieldKind;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;

/**
 * The stored tuples, kept in their encoded form in a {@link TupleArena} and indexed so that no lookup scans the
 * space:
 * <ul>
 *   <li>by signature (arity and field types): a FIFO chain per signature, so a template with no actual field
 *       finds its oldest match at the head of each signature it admits;</li>
 *   <li>by field value: for each of the first {@value #INDEXED_FIELDS} field positions, a hash table of FIFO
 *       chains keyed by (signature, position, value hash), so a template with an actual field walks only the
 *       tuples sharing that value (and the rare hash collision). A signature's field is indexed from the first
 *       time a template has an actual value there (one walk over the signature's tuples), and from then on
 *       kept up to date; fields never matched by value cost nothing.</li>
 * </ul>
 * Every chain is in arrival order, so the first full match met in any chain that holds all candidates is the
 * oldest, which keeps in/rd's "oldest match first" exact.
 * <p>
 * A record is laid out as:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                     arrival sequence (64)                     |
 *  +---------------------------------------------------------------+
 *  |                 signature chain previous (32)                 |
 *  +---------------------------------------------------------------+
 *  |                   signature chain next (32)                   |
 *  +---------------------------------------------------------------+
 *  |L|T|indexed (6)|          encoded tuple length (24)             |
 *  +---------------------------------------------------------------+
 *  |  per indexed field: value chain previous (32), next (32)     ...
 *  +---------------------------------------------------------------+
 *  |                 encoded Tuple message (SBE)                  ...
 *  +---------------------------------------------------------------+
 *  |             L only: lease id (64), lease timer id (64)          |
 *  +---------------------------------------------------------------+
 * </pre>
 * L marks a tuple with a lease, T one held by a transaction (written, taken or read under it). A leased record
 * carries its lease in a trailer, so that removing it finds the lease without a lookup. Chains are circular and
 * doubly linked, through record handles, so appending and removing are O(1).
 */
final class StoredTuples
{
    /**
     * Whether the current requester may have a record that a transaction holds.
     */
    interface Eligibility
    {
        boolean admits(int handle);
    }

    static final int INDEXED_FIELDS = 8;
    private static final int SEQUENCE_OFFSET = 0;
    private static final int SIGNATURE_PREVIOUS_OFFSET = 8;
    private static final int SIGNATURE_NEXT_OFFSET = 12;
    private static final int LENGTH_OFFSET = 16;
    private static final int INDEXED_SHIFT = 24;
    private static final int LENGTH_MASK = (1 << INDEXED_SHIFT) - 1;
    private static final int LEASED_FLAG = 1 << 31;
    private static final int TRANSACTION_FLAG = 1 << 30;
    private static final int LINKS_OFFSET = 20;
    private static final int LINK_LENGTH = 8;
    private static final int LEASE_ID_OFFSET = 0;
    private static final int LEASE_TIMER_OFFSET = 8;
    private static final int LEASE_TRAILER_LENGTH = 16;
    /** The longest encoded tuple a record holds: a record is one block, and a block at most one chunk. */
    static final int MAX_ENCODED_LENGTH = TupleArena.MAX_BLOCK_BYTES - (LINKS_OFFSET + INDEXED_FIELDS * LINK_LENGTH);
    private static final int INITIAL_BUCKETS = 1024;

    private final TupleArena arena = new TupleArena();
    private final Long2ObjectHashMap<Signature> signatureByKey = new Long2ObjectHashMap<>();
    @SuppressWarnings("unchecked")
    private final ArrayList<Signature>[] signaturesByArity = new ArrayList[Fields.MAX_FIELDS + 1];
    private final ValueChains[] valueChainsByField = new ValueChains[INDEXED_FIELDS];
    private final FieldsView candidate = new FieldsView();
    private final FieldsView rebuildView = new FieldsView();
    private final int[] chainFields = new int[INDEXED_FIELDS];
    private final int[] chainHeads = new int[INDEXED_FIELDS];
    private final int[] cursors = new int[INDEXED_FIELDS];
    /** The record {@link #candidate} currently views, so a removal right after a match need not parse again. */
    private int candidateHandle = TupleArena.NULL;
    private Eligibility eligibility;
    private long afterSequence;
    /** The record a walk of {@link #resumeSignature}'s chains starts after, if any. */
    private int resumeHandle = TupleArena.NULL;
    private Signature resumeSignature;
    private long nextSequence = 1;
    private int maxArity;
    private long count;
    private long encodedBytes;
    private StoredTupleListener listener;

    StoredTuples()
    {
        for (int arity = 1; arity <= Fields.MAX_FIELDS; arity++)
        {
            signaturesByArity[arity] = new ArrayList<>();
        }
        for (int i = 0; i < INDEXED_FIELDS; i++)
        {
            valueChainsByField[i] = new ValueChains(i);
        }
    }

    long count()
    {
        return count;
    }

    long encodedBytes()
    {
        return encodedBytes;
    }

    /**
     * @return bytes of the blocks that hold the records: encodings, headers, links and size-class rounding.
     */
    long recordBytes()
    {
        return arena.blockBytes();
    }

    /**
     * @return bytes of the record a tuple of this arity and encoded length would take if stored.
     */
    static int recordLengthOf(final int fieldCount, final int encodedLength, final boolean isLeased)
    {
        return recordLength(Math.min(fieldCount, INDEXED_FIELDS), encodedLength, isLeased);
    }

    TupleArena arena()
    {
        return arena;
    }

    /**
     * @return bytes held for records (headers, links and rounding included) and for the value hash tables.
     */
    long footprintBytes()
    {
        long bytes = arena.chunkBytes();
        for (final ValueChains chains : valueChainsByField)
        {
            bytes += (long)chains.heads.length * Integer.BYTES;
        }
        return bytes;
    }

    /**
     * @param listener told of every record stored and removed, or null.
     */
    void listener(final StoredTupleListener listener)
    {
        this.listener = listener;
    }

    /**
     * Store a validated tuple.
     *
     * @param tuple    view of the tuple, wrapped over {@code buffer}.
     * @param isLeased whether the record gets room for a lease, set with {@link #lease(int, long, long)}.
     */
    int add(final FieldsView tuple, final DirectBuffer buffer, final int offset, final int length,
        final boolean isLeased)
    {
        final Signature signature = signatureOf(tuple);
        final int indexed = Math.min(tuple.count(), INDEXED_FIELDS);
        final int handle = arena.allocate(recordLength(indexed, length, isLeased));
        final UnsafeBuffer record = arena.buffer(handle);
        final int base = TupleArena.offset(handle);
        record.putLong(base + SEQUENCE_OFFSET, nextSequence++);
        record.putInt(base + LENGTH_OFFSET, (isLeased ? LEASED_FLAG : 0) | (indexed << INDEXED_SHIFT) | length);
        record.putBytes(base + LINKS_OFFSET + indexed * LINK_LENGTH, buffer, offset, length);

        signature.head = append(signature.head, handle, SIGNATURE_PREVIOUS_OFFSET);
        signature.count++;
        for (int i = 0; i < indexed; i++)
        {
            if (0 != (signature.indexedFields & (1 << i)))
            {
                valueChainsByField[i].add(handle, valueKey(signature, tuple, i));
            }
        }
        count++;
        encodedBytes += length;
        if (null != listener)
        {
            listener.onStored(buffer, offset, length);
        }
        return handle;
    }

    /**
     * Set the lease of a record added with room for one.
     */
    void lease(final int handle, final long leaseId, final long timerId)
    {
        final int trailer = leaseTrailerOffset(handle);
        final UnsafeBuffer record = arena.buffer(handle);
        record.putLong(trailer + LEASE_ID_OFFSET, leaseId);
        record.putLong(trailer + LEASE_TIMER_OFFSET, timerId);
    }

    long leaseId(final int handle)
    {
        return arena.buffer(handle).getLong(leaseTrailerOffset(handle) + LEASE_ID_OFFSET);
    }

    long leaseTimerId(final int handle)
    {
        return arena.buffer(handle).getLong(leaseTrailerOffset(handle) + LEASE_TIMER_OFFSET);
    }

    private int leaseTrailerOffset(final int handle)
    {
        return TupleArena.offset(handle) + recordLength(indexedFields(handle), encodedLength(handle), false);
    }

    /**
     * Mark or unmark a record as involved in a transaction, so searches ask the {@link Eligibility} about it.
     */
    void markInTransaction(final int handle, final boolean isInTransaction)
    {
        final UnsafeBuffer record = arena.buffer(handle);
        final int offset = TupleArena.offset(handle) + LENGTH_OFFSET;
        final int header = record.getInt(offset);
        record.putInt(offset, isInTransaction ? header | TRANSACTION_FLAG : header & ~TRANSACTION_FLAG);
    }

    boolean isInTransaction(final int handle)
    {
        return 0 != (arena.buffer(handle).getInt(TupleArena.offset(handle) + LENGTH_OFFSET) & TRANSACTION_FLAG);
    }

    /**
     * Point a view at a stored record.
     */
    void wrapRecord(final int handle, final FieldsView view)
    {
        view.wrapStoredTuple(arena.buffer(handle), encodedOffset(handle));
    }

    boolean isLeased(final int handle)
    {
        return 0 != (arena.buffer(handle).getInt(TupleArena.offset(handle) + LENGTH_OFFSET) & LEASED_FLAG);
    }

    /**
     * Find the oldest stored tuple matching a template.
     *
     * @param template a validated template view.
     * @return the handle of the match, or {@link TupleArena#NULL}.
     */
    int findOldest(final FieldsView template)
    {
        return findOldest(template, null);
    }

    /**
     * Find the oldest stored tuple matching a template that the requester may see.
     *
     * @param eligibility consulted for records marked as in a transaction; null sees every record.
     * @return the handle of the match, or {@link TupleArena#NULL}.
     */
    int findOldest(final FieldsView template, final Eligibility eligibility)
    {
        return findOldestAfter(template, eligibility, 0, TupleArena.NULL);
    }

    /**
     * Find the oldest match that arrived after a given one: for walking all matches without removing them.
     *
     * @param afterSequence the {@link #sequence(int)} of the last match seen, or 0 to start from the oldest.
     * @param afterHandle   the last match seen if it is still stored, else {@link TupleArena#NULL}: the walks of its
     *                      signature start right after it rather than skip every older record again.
     * @return the handle of the match, or {@link TupleArena#NULL}.
     */
    int findOldestAfter(
        final FieldsView template, final Eligibility eligibility, final long afterSequence, final int afterHandle)
    {
        this.eligibility = eligibility;
        this.afterSequence = afterSequence;
        this.resumeHandle = afterHandle;
        if (TupleArena.NULL != afterHandle)
        {
            wrap(afterHandle, candidate);
            resumeSignature = signatureOf(candidate);
        }
        else
        {
            resumeSignature = null;
        }
        // A prefix template may match any longer signature too.
        final int lastArity = template.isPrefix() ? maxArity : template.count();
        int oldest = TupleArena.NULL;
        long oldestSequence = Long.MAX_VALUE;
        for (int arity = template.count(); arity <= lastArity; arity++)
        {
            final ArrayList<Signature> signatures = signaturesByArity[arity];
            for (int s = 0, size = signatures.size(); s < size; s++)
            {
                final Signature signature = signatures.get(s);
                if (0 != signature.count && signature.admits(template))
                {
                    final int match = oldestIn(signature, template);
                    if (TupleArena.NULL != match && sequence(match) < oldestSequence)
                    {
                        oldest = match;
                        oldestSequence = sequence(match);
                    }
                }
            }
        }
        return oldest;
    }

    /**
     * Remove a stored tuple.
     *
     * @param handle from {@link #findOldest(FieldsView)}.
     */
    void remove(final int handle)
    {
        if (candidateHandle != handle)
        {
            wrap(handle, candidate);
        }
        final Signature signature = signatureOf(candidate);
        final int indexed = Math.min(candidate.count(), INDEXED_FIELDS);
        for (int i = 0; i < indexed; i++)
        {
            if (0 != (signature.indexedFields & (1 << i)))
            {
                valueChainsByField[i].remove(handle, valueKey(signature, candidate, i));
            }
        }
        signature.head = unlink(signature.head, handle, SIGNATURE_PREVIOUS_OFFSET);
        signature.count--;
        final int length = encodedLength(handle);
        if (null != listener)
        {
            listener.onRemoved(buffer(handle), encodedOffset(handle), length);
        }
        arena.free(handle, recordLength(indexed, length, isLeased(handle)));
        candidateHandle = TupleArena.NULL;
        count--;
        encodedBytes -= length;
    }

    UnsafeBuffer buffer(final int handle)
    {
        return arena.buffer(handle);
    }

    int encodedOffset(final int handle)
    {
        final int indexed = indexedFields(handle);
        return TupleArena.offset(handle) + LINKS_OFFSET + indexed * LINK_LENGTH;
    }

    int encodedLength(final int handle)
    {
        return arena.buffer(handle).getInt(TupleArena.offset(handle) + LENGTH_OFFSET) & LENGTH_MASK;
    }

    private int indexedFields(final int handle)
    {
        return (arena.buffer(handle).getInt(TupleArena.offset(handle) + LENGTH_OFFSET) >>> INDEXED_SHIFT) & 0x3F;
    }

    private void wrap(final int handle, final FieldsView view)
    {
        view.wrapStoredTuple(arena.buffer(handle), encodedOffset(handle));
        if (view == candidate)
        {
            candidateHandle = handle;
        }
    }

    private boolean isEligible(final int handle)
    {
        return isAfterCursor(handle) && isVisible(handle);
    }

    private boolean isAfterCursor(final int handle)
    {
        return 0 == afterSequence || sequence(handle) > afterSequence;
    }

    private boolean isVisible(final int handle)
    {
        return null == eligibility || !isInTransaction(handle) || eligibility.admits(handle);
    }

    long sequence(final int handle)
    {
        return arena.buffer(handle).getLong(TupleArena.offset(handle) + SEQUENCE_OFFSET);
    }

    private int oldestIn(final Signature signature, final FieldsView template)
    {
        int actuals = 0;
        boolean hasUnindexedActual = false;
        for (int i = 0; i < template.count(); i++)
        {
            if (FieldKind.ACTUAL == template.kind(i))
            {
                if (i < INDEXED_FIELDS)
                {
                    if (0 == (signature.indexedFields & (1 << i)))
                    {
                        buildValueChains(signature, i);
                    }
                    chainFields[actuals] = i;
                    chainHeads[actuals] = valueChainsByField[i].head(valueKey(signature, template, i));
                    if (TupleArena.NULL == chainHeads[actuals])
                    {
                        return TupleArena.NULL;
                    }
                    actuals++;
                }
                else
                {
                    hasUnindexedActual = true;
                }
            }
        }
        if (0 == actuals)
        {
            return hasUnindexedActual || !isEligible(signature.head) ?
                firstMatchInSignatureChain(signature, template) : signature.head;
        }
        return firstMatchInValueChains(signature, template, actuals);
    }

    /**
     * Walk the value chains of all actual fields side by side. Each holds every candidate of the signature in
     * arrival order, so the signature's first full match met in any of them is its oldest, and the end of any one
     * of them means it has none; walking them together costs at most the shortest walk times the number of
     * chains. Records of other signatures that share a bucket are skipped: a bucket is in arrival order per
     * signature only, since a signature's chains may be built after others'.
     */
    private int firstMatchInValueChains(final Signature signature, final FieldsView template, final int chains)
    {
        final boolean isResumed = signature == resumeSignature;
        for (int k = 0; k < chains; k++)
        {
            cursors[k] = isResumed ? valueChainsByField[chainFields[k]].next(resumeHandle) : chainHeads[k];
            if (cursors[k] == chainHeads[k] && isResumed)
            {
                // The last match seen is the newest record of this chain: nothing comes after it.
                return TupleArena.NULL;
            }
        }
        while (true)
        {
            for (int k = 0; k < chains; k++)
            {
                final int handle = cursors[k];
                // The cheap checks first: a walk resumed after the last match skips older records unread, and a
                // record the requester may not have (held by another transaction) is never parsed.
                if (isEligible(handle) &&
                    Matcher.matchesStored(template, signature, arena.buffer(handle), encodedOffset(handle)))
                {
                    return handle;
                }
                final int following = valueChainsByField[chainFields[k]].next(handle);
                if (following == chainHeads[k])
                {
                    return TupleArena.NULL;
                }
                cursors[k] = following;
            }
        }
    }

    /**
     * Index field {@code field} of a signature's tuples the first time a template looks them up by it: walk the
     * signature chain, oldest first, so the new value chains are in arrival order too. Fields nobody matches on
     * are never indexed, which keeps out cheap for them.
     */
    private void buildValueChains(final Signature signature, final int field)
    {
        signature.indexedFields |= 1 << field;
        if (TupleArena.NULL == signature.head)
        {
            return;
        }
        final FieldsView view = rebuildView;
        int handle = signature.head;
        do
        {
            view.wrapStoredTuple(arena.buffer(handle), encodedOffset(handle));
            valueChainsByField[field].add(handle, valueKey(signature, view, field));
            handle = next(handle, SIGNATURE_PREVIOUS_OFFSET);
        }
        while (handle != signature.head);
    }

    private int firstMatchInSignatureChain(final Signature signature, final FieldsView template)
    {
        int handle = signature.head;
        if (signature == resumeSignature)
        {
            handle = next(resumeHandle, SIGNATURE_PREVIOUS_OFFSET);
            if (handle == signature.head)
            {
                return TupleArena.NULL;
            }
        }
        do
        {
            if (isEligible(handle))
            {
                wrap(handle, candidate);
                if (Matcher.matches(template, candidate))
                {
                    return handle;
                }
            }
            handle = next(handle, SIGNATURE_PREVIOUS_OFFSET);
        }
        while (handle != signature.head);
        return TupleArena.NULL;
    }

    private Signature signatureOf(final FieldsView tuple)
    {
        final long key = Signature.keyOf(tuple);
        Signature signature = signatureByKey.get(key);
        if (null != signature && Signature.isExact(key))
        {
            return signature;
        }
        for (Signature s = signature; null != s; s = s.nextWithSameKey)
        {
            if (s.isSignatureOf(tuple))
            {
                return s;
            }
        }
        final Signature created = new Signature(signatureByKey.size(), tuple);
        created.nextWithSameKey = signature;
        signatureByKey.put(key, created);
        signaturesByArity[tuple.count()].add(created);
        maxArity = Math.max(maxArity, tuple.count());
        return created;
    }

    private static int valueKey(final Signature signature, final FieldsView view, final int field)
    {
        return FieldHash.combine(signature.id * INDEXED_FIELDS + field, FieldHash.of(view, field));
    }

    private static int recordLength(final int indexedFields, final int encodedLength, final boolean isLeased)
    {
        return LINKS_OFFSET + indexedFields * LINK_LENGTH + encodedLength + (isLeased ? LEASE_TRAILER_LENGTH : 0);
    }

    private int next(final int handle, final int linkOffset)
    {
        return arena.buffer(handle).getInt(TupleArena.offset(handle) + linkOffset + 4);
    }

    private int previous(final int handle, final int linkOffset)
    {
        return arena.buffer(handle).getInt(TupleArena.offset(handle) + linkOffset);
    }

    private void setNext(final int handle, final int linkOffset, final int next)
    {
        arena.buffer(handle).putInt(TupleArena.offset(handle) + linkOffset + 4, next);
    }

    private void setPrevious(final int handle, final int linkOffset, final int previous)
    {
        arena.buffer(handle).putInt(TupleArena.offset(handle) + linkOffset, previous);
    }

    /**
     * Append to the circular chain starting at {@code head}.
     *
     * @return the chain's head after the append.
     */
    private int append(final int head, final int handle, final int linkOffset)
    {
        if (TupleArena.NULL == head)
        {
            setPrevious(handle, linkOffset, handle);
            setNext(handle, linkOffset, handle);
            return handle;
        }
        final int tail = previous(head, linkOffset);
        setNext(tail, linkOffset, handle);
        setPrevious(handle, linkOffset, tail);
        setNext(handle, linkOffset, head);
        setPrevious(head, linkOffset, handle);
        return head;
    }

    /**
     * Unlink from the circular chain starting at {@code head}.
     *
     * @return the chain's head after the removal, {@link TupleArena#NULL} if it is empty.
     */
    private int unlink(final int head, final int handle, final int linkOffset)
    {
        final int next = next(handle, linkOffset);
        if (next == handle)
        {
            return TupleArena.NULL;
        }
        final int previous = previous(handle, linkOffset);
        setNext(previous, linkOffset, next);
        setPrevious(next, linkOffset, previous);
        return head == handle ? next : head;
    }

    /**
     * The chains of one field position: a power-of-two table of chain heads, grown to keep at most 1.5 records a
     * bucket on average.
     */
    private final class ValueChains
    {
        private final int linkOffset;
        private int[] heads = new int[INITIAL_BUCKETS];
        private int mask = INITIAL_BUCKETS - 1;
        private long size;

        ValueChains(final int field)
        {
            this.linkOffset = LINKS_OFFSET + field * LINK_LENGTH;
        }

        int head(final int key)
        {
            return heads[key & mask];
        }

        void add(final int handle, final int key)
        {
            final int bucket = key & mask;
            heads[bucket] = append(heads[bucket], handle, linkOffset);
            if (++size > heads.length + (heads.length >> 1))
            {
                grow();
            }
        }

        void remove(final int handle, final int key)
        {
            final int bucket = key & mask;
            heads[bucket] = unlink(heads[bucket], handle, linkOffset);
            size--;
        }

        int next(final int handle)
        {
            return StoredTuples.this.next(handle, linkOffset);
        }

        /**
         * Double the table, splitting each chain in order, so every chain stays in arrival order.
         */
        private void grow()
        {
            final int[] oldHeads = heads;
            heads = new int[oldHeads.length * 2];
            mask = heads.length - 1;
            final int field = (linkOffset - LINKS_OFFSET) / LINK_LENGTH;
            for (final int oldHead : oldHeads)
            {
                if (TupleArena.NULL == oldHead)
                {
                    continue;
                }
                int handle = oldHead;
                do
                {
                    final int following = next(handle);
                    wrap(handle, candidate);
                    final int bucket = valueKey(signatureOf(candidate), candidate, field) & mask;
                    heads[bucket] = append(heads[bucket], handle, linkOffset);
                    handle = following;
                }
                while (handle != oldHead);
            }
        }
    }
}
