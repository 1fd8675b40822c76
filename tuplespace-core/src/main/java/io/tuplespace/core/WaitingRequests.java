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
        request.templateLength = length;

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
     * @return the oldest request of the session, or null; see {@link WaitingRequest#sessionLink}.
     */
    WaitingRequest.SessionLink firstOfSession(final long sessionId)
    {
        final FifoList<WaitingRequest.SessionLink> sessionList = bySession.get(sessionId);
        return null == sessionList ? null : sessionList.head();
    }

    /**
     * @return the list of requests of this arity without indexed actual fields.
     */
    WaitingRequest.WaiterList unkeyed(final int arity)
    {
        return unkeyedByArity[arity];
    }

    /**
     * @return the list of requests keyed by this arity, field and value hash, or null.
     */
    WaitingRequest.WaiterList keyed(final int arity, final int field, final int valueHash)
    {
        return keyedLists.get(key(arity, field, valueHash));
    }

    /**
     * Wrap a waiting request's template in the shared view.
     */
    FieldsView template(final WaitingRequest request)
    {
        templateView.wrapTemplate(request.template, 0, request.templateLength);
        return templateView;
    }

    /**
     * @return the list of waiting prefix templates, which any arriving tuple may match.
     */
    WaitingRequest.WaiterList prefixes()
    {
        return prefixList;
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
