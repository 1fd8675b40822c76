package io.tuplespace.core;

import io.tuplespace.codecs.FieldKind;
import io.tuplespace.codecs.MatchOperation;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayList;

/**
 * The requests waiting for a match, indexed so that an arriving tuple looks only at requests it could match:
 * a request whose template has an actual field among the first {@value StoredTuples#INDEXED_FIELDS} is listed
 * under (arity, that field, value hash); any other request is listed under its arity. A tuple visits the arity
 * list and one keyed list per field. Lists are FIFO; a sequence number orders requests across lists.
 * <p>
 * Requests and lists are pooled, so steady-state waiting allocates nothing.
 */
final class WaitingRequests
{
    private final WaitingRequest.WaiterList[] unkeyedByArity = new WaitingRequest.WaiterList[Fields.MAX_FIELDS + 1];
    private final Long2ObjectHashMap<WaitingRequest.WaiterList> keyedLists = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<FifoList<WaitingRequest.SessionLink>> bySession = new Long2ObjectHashMap<>();
    private final ArrayList<WaitingRequest> requestPool = new ArrayList<>();
    private final ArrayList<WaitingRequest.WaiterList> listPool = new ArrayList<>();
    private final ArrayList<FifoList<WaitingRequest.SessionLink>> sessionListPool = new ArrayList<>();
    private final FieldsView templateView = new FieldsView();
    private final WaitingRequest.WaiterList prefixList = new WaitingRequest.WaiterList();
    private final WaitingRequest.WaiterList[] candidates =
        new WaitingRequest.WaiterList[StoredTuples.INDEXED_FIELDS + 2];
    private final WaitingRequest[] readCursors = new WaitingRequest[StoredTuples.INDEXED_FIELDS + 2];
    private int candidateCount;
    private long nextSequence = 1;
    private long count;

    WaitingRequests()
    {
        for (int arity = 1; arity <= Fields.MAX_FIELDS; arity++)
        {
            unkeyedByArity[arity] = new WaitingRequest.WaiterList();
        }
    }

    long count()
    {
        return count;
    }

    /**
     * @return the number of requests a session has waiting.
     */
    int countOfSession(final long sessionId)
    {
        final FifoList<WaitingRequest.SessionLink> sessionList = bySession.get(sessionId);
        return null == sessionList ? 0 : sessionList.size();
    }

    /**
     * Add a request.
     *
     * @param template validated view of the template, wrapped over {@code buffer}.
     * @return the request, to attach a timer to.
     */
    WaitingRequest add(
        final long sessionId,
        final long correlationId,
        final MatchOperation operation,
        final int maxTuples,
        final long transactionId,
        final FieldsView template,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
        final WaitingRequest request = requestPool.isEmpty() ?
            new WaitingRequest() : requestPool.remove(requestPool.size() - 1);
        request.sessionId = sessionId;
        request.correlationId = correlationId;
        request.operation = operation;
        request.maxTuples = maxTuples;
        request.transactionId = transactionId;
        request.sequence = nextSequence++;
        request.timerId = WaitingRequest.NO_TIMER;
        request.template.putBytes(0, buffer, offset, length);

        final WaitingRequest.WaiterList list = listFor(template);
        list.requests.append(request);
        if (MatchOperation.READ == operation)
        {
            list.reads++;
        }
        request.list = list;

        FifoList<WaitingRequest.SessionLink> sessionList = bySession.get(sessionId);
        if (null == sessionList)
        {
            sessionList = sessionListPool.isEmpty() ?
                new FifoList<>() : sessionListPool.remove(sessionListPool.size() - 1);
            bySession.put(sessionId, sessionList);
        }
        sessionList.append(request.sessionLink);
        count++;
        return request;
    }

    /**
     * Remove a request and return it to the pool. Its fields stay readable until the next {@link #add}.
     */
    void remove(final WaitingRequest request)
    {
        final WaitingRequest.WaiterList list = request.list;
        list.requests.remove(request);
        if (MatchOperation.READ == request.operation)
        {
            list.reads--;
        }
        if (0 == list.requests.size() && 0 != list.key)
        {
            keyedLists.remove(list.key);
            listPool.add(list);
        }
        request.list = null;

        final FifoList<WaitingRequest.SessionLink> sessionList = bySession.get(request.sessionId);
        sessionList.remove(request.sessionLink);
        if (0 == sessionList.size())
        {
            bySession.remove(request.sessionId);
            sessionListPool.add(sessionList);
        }
        requestPool.add(request);
        count--;
    }

    /**
     * @return some waiting request, or null if none waits: for draining them all.
     */
    WaitingRequest any()
    {
        for (final FifoList<WaitingRequest.SessionLink> sessionList : bySession.values())
        {
            if (null != sessionList.head())
            {
                return sessionList.head().request;
            }
        }
        return null;
    }

    /**
     * @return the oldest request of the session, or null; see {@link WaitingRequest#sessionLink}.
     */
    WaitingRequest.SessionLink firstOfSession(final long sessionId)
    {
        final FifoList<WaitingRequest.SessionLink> sessionList = bySession.get(sessionId);
        return null == sessionList ? null : sessionList.head();
    }

    /**
     * Select the lists an arriving tuple must look at: its arity's list of requests without an indexed actual
     * field, the prefix templates, and one keyed list per field value.
     *
     * @return how many lists hold requests; 0 means no request can match.
     */
    int selectCandidates(final FieldsView tuple)
    {
        candidateCount = 0;
        final int arity = tuple.count();
        addCandidate(unkeyedByArity[arity]);
        addCandidate(prefixList);
        if (0 == count)
        {
            return candidateCount;
        }
        for (int i = 0, indexed = Math.min(arity, StoredTuples.INDEXED_FIELDS); i < indexed; i++)
        {
            final WaitingRequest.WaiterList keyed = keyedLists.get(key(arity, i, FieldHash.of(tuple, i)));
            if (null != keyed)
            {
                addCandidate(keyed);
            }
        }
        return candidateCount;
    }

    /**
     * Start a walk over the waiting reads of the selected lists that match the tuple, oldest first.
     *
     * @return the oldest, or null if none matches.
     */
    WaitingRequest firstMatchingRead(final FieldsView tuple)
    {
        for (int l = 0; l < candidateCount; l++)
        {
            readCursors[l] = candidates[l].reads > 0 ? nextRead(candidates[l].requests.head()) : null;
        }
        return nextMatchingRead(tuple);
    }

    /**
     * @return the next matching read of the walk, or null at its end. The walk has moved past it, so the caller
     * may remove it.
     */
    WaitingRequest nextMatchingRead(final FieldsView tuple)
    {
        while (true)
        {
            int oldest = -1;
            for (int l = 0; l < candidateCount; l++)
            {
                if (null != readCursors[l] && (-1 == oldest || readCursors[l].sequence < readCursors[oldest].sequence))
                {
                    oldest = l;
                }
            }
            if (-1 == oldest)
            {
                return null;
            }
            final WaitingRequest request = readCursors[oldest];
            readCursors[oldest] = nextRead(request.next);
            if (matches(request, tuple))
            {
                return request;
            }
        }
    }

    /**
     * @return the oldest waiting take of the selected lists whose template matches the tuple, or null.
     */
    WaitingRequest oldestMatchingTaker(final FieldsView tuple)
    {
        WaitingRequest oldest = null;
        for (int l = 0; l < candidateCount; l++)
        {
            for (WaitingRequest request = candidates[l].requests.head(); null != request; request = request.next)
            {
                if (null != oldest && request.sequence > oldest.sequence)
                {
                    break;
                }
                if (MatchOperation.TAKE == request.operation && matches(request, tuple))
                {
                    oldest = request;
                    break;
                }
            }
        }
        return oldest;
    }

    private boolean matches(final WaitingRequest request, final FieldsView tuple)
    {
        templateView.wrapValidTemplate(request.template, 0);
        return Matcher.matches(templateView, tuple);
    }

    private void addCandidate(final WaitingRequest.WaiterList list)
    {
        if (0 != list.requests.size())
        {
            candidates[candidateCount++] = list;
        }
    }

    private static WaitingRequest nextRead(final WaitingRequest from)
    {
        WaitingRequest request = from;
        while (null != request && MatchOperation.READ != request.operation)
        {
            request = request.next;
        }
        return request;
    }

    private WaitingRequest.WaiterList listFor(final FieldsView template)
    {
        if (template.isPrefix())
        {
            return prefixList;
        }
        final int indexed = Math.min(template.count(), StoredTuples.INDEXED_FIELDS);
        for (int i = 0; i < indexed; i++)
        {
            if (FieldKind.ACTUAL == template.kind(i))
            {
                final long key = key(template.count(), i, FieldHash.of(template, i));
                WaitingRequest.WaiterList list = keyedLists.get(key);
                if (null == list)
                {
                    list = listPool.isEmpty() ?
                        new WaitingRequest.WaiterList() : listPool.remove(listPool.size() - 1);
                    list.key = key;
                    keyedLists.put(key, list);
                }
                return list;
            }
        }
        return unkeyedByArity[template.count()];
    }

    private static long key(final int arity, final int field, final int valueHash)
    {
        // Never 0, which marks the unkeyed lists.
        return ((long)arity << 40) | ((long)field << 32) | (valueHash & 0xFFFF_FFFFL);
    }
}
