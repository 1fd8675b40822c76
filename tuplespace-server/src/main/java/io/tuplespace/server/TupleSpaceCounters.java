package io.tuplespace.server;

import io.aeron.Aeron;
import io.aeron.Counter;
import io.tuplespace.codecs.ErrorCode;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

import java.nio.charset.StandardCharsets;

/**
 * The server's counters, held in the media driver's counters file so {@code AeronStat} and
 * {@code bin/tuplespace stat} show them live. Type ids start at 1000, clear of Aeron's reserved 0-999 range.
 * <p>
 * Two families share a type id and tell their members apart by a 4-byte key: one counter per {@link Operation}
 * ({@link #OPERATIONS_TYPE_ID}, keyed by {@link Operation#code()}) and one per {@link ErrorCode}
 * ({@link #ERRORS_BY_CODE_TYPE_ID}, keyed by the code's value). Counting is an ordered increment, no allocation.
 */
public final class TupleSpaceCounters implements AutoCloseable
{
    public static final int CLIENTS_CONNECTED_TYPE_ID = 1000;
    public static final int TUPLES_STORED_TYPE_ID = 1001;
    public static final int BYTES_STORED_TYPE_ID = 1002;
    public static final int WAITING_REQUESTS_TYPE_ID = 1003;
    /** Tuples written by out and out batch. */
    public static final int OUT_OPERATIONS_TYPE_ID = 1004;
    public static final int MATCH_OPERATIONS_TYPE_ID = 1005;
    /** Requests answered with an error, all codes together. */
    public static final int ERRORS_TYPE_ID = 1006;
    /** Tuples in TupleResponses and TuplesResponses that could not be delivered, reads included. */
    public static final int UNDELIVERABLE_TYPE_ID = 1007;
    public static final int HEAP_USED_TYPE_ID = 1008;
    public static final int HEAP_SAMPLES_TYPE_ID = 1009;
    public static final int STORED_RECORD_BYTES_TYPE_ID = 1030;
    public static final int STORAGE_FOOTPRINT_BYTES_TYPE_ID = 1031;
    /** Requests of one {@link Operation}, keyed by {@link Operation#code()}. */
    public static final int OPERATIONS_TYPE_ID = 1010;
    /** Requests answered with one {@link ErrorCode}, keyed by its value. */
    public static final int ERRORS_BY_CODE_TYPE_ID = 1011;
    public static final int OPEN_TRANSACTIONS_TYPE_ID = 1012;
    /** Transactions aborted because their client went: closed, crashed, or could no longer be answered. */
    public static final int TRANSACTIONS_ABORTED_CLIENT_GONE_TYPE_ID = 1013;
    /** Tuples a take could not deliver, which therefore stayed in (or went back to) the space. */
    public static final int TAKES_UNDELIVERABLE_TUPLES_KEPT_TYPE_ID = 1014;
    /** Frames dropped unanswered: their session is unknown or can no longer be answered. */
    public static final int REQUESTS_DROPPED_TYPE_ID = 1015;
    /** Sessions of dead clients closed although their request image stayed, stuck on a frame never written. */
    public static final int STUCK_SESSIONS_CLOSED_TYPE_ID = 1016;

    private static final String PREFIX = "tuplespace: ";

    final Counter clientsConnected;
    final Counter tuplesStored;
    final Counter bytesStored;
    final Counter waitingRequests;
    final Counter outOperations;
    final Counter matchOperations;
    final Counter errors;
    final Counter undeliverable;
    final Counter heapUsed;
    final Counter heapSamples;
    final Counter storedRecordBytes;
    final Counter storageFootprintBytes;
    final Counter openTransactions;
    final Counter transactionsAbortedClientGone;
    final Counter takesUndeliverableTuplesKept;
    final Counter requestsDropped;
    final Counter stuckSessionsClosed;
    private final Counter[] operations = new Counter[Operation.values().length];
    private final Counter[] errorsByCode;

    TupleSpaceCounters(final Aeron aeron)
    {
        clientsConnected = aeron.addCounter(CLIENTS_CONNECTED_TYPE_ID, PREFIX + "clients connected");
        tuplesStored = aeron.addCounter(TUPLES_STORED_TYPE_ID, PREFIX + "tuples stored");
        bytesStored = aeron.addCounter(BYTES_STORED_TYPE_ID, PREFIX + "bytes stored");
        waitingRequests = aeron.addCounter(WAITING_REQUESTS_TYPE_ID, PREFIX + "waiting requests");
        outOperations = aeron.addCounter(OUT_OPERATIONS_TYPE_ID, PREFIX + "tuples written by out");
        matchOperations = aeron.addCounter(MATCH_OPERATIONS_TYPE_ID, PREFIX + "in/rd operations");
        errors = aeron.addCounter(ERRORS_TYPE_ID, PREFIX + "requests rejected");
        undeliverable = aeron.addCounter(UNDELIVERABLE_TYPE_ID, PREFIX + "tuples in undeliverable replies");
        heapUsed = aeron.addCounter(HEAP_USED_TYPE_ID, PREFIX + "server JVM heap used bytes");
        heapSamples = aeron.addCounter(HEAP_SAMPLES_TYPE_ID, PREFIX + "server JVM heap samples");
        storedRecordBytes = aeron.addCounter(STORED_RECORD_BYTES_TYPE_ID,
            PREFIX + "stored record bytes (limited by tuplespace.max.stored.bytes)");
        storageFootprintBytes = aeron.addCounter(STORAGE_FOOTPRINT_BYTES_TYPE_ID,
            PREFIX + "storage footprint bytes (arena chunks and index tables)");
        for (final Operation operation : Operation.values())
        {
            operations[operation.ordinal()] = addKeyed(
                aeron, OPERATIONS_TYPE_ID, operation.code(), PREFIX + "ops " + operation.label());
        }
        errorsByCode = new Counter[maxErrorCode() + 1];
        for (final ErrorCode code : ErrorCode.values())
        {
            if (ErrorCode.NULL_VAL != code)
            {
                errorsByCode[code.value()] = addKeyed(
                    aeron, ERRORS_BY_CODE_TYPE_ID, code.value(), PREFIX + "errors " + code.name());
            }
        }
        openTransactions = aeron.addCounter(OPEN_TRANSACTIONS_TYPE_ID, PREFIX + "open transactions");
        transactionsAbortedClientGone = aeron.addCounter(
            TRANSACTIONS_ABORTED_CLIENT_GONE_TYPE_ID, PREFIX + "transactions aborted: client gone");
        takesUndeliverableTuplesKept = aeron.addCounter(
            TAKES_UNDELIVERABLE_TUPLES_KEPT_TYPE_ID, PREFIX + "tuples kept in the space: take reply undeliverable");
        requestsDropped = aeron.addCounter(
            REQUESTS_DROPPED_TYPE_ID, PREFIX + "requests dropped: session unknown or failed");
        stuckSessionsClosed = aeron.addCounter(
            STUCK_SESSIONS_CLOSED_TYPE_ID, PREFIX + "sessions closed: dead client's request image stuck");
    }

    /**
     * Count one request of an operation.
     */
    void onOperation(final Operation operation)
    {
        operations[operation.ordinal()].incrementRelease();
    }

    /**
     * Count one request answered with an error.
     */
    void onError(final ErrorCode code)
    {
        errors.incrementRelease();
        errorsByCode[code.value()].incrementRelease();
    }

    /**
     * Read a tuple space counter by type id, from any process attached to the server's media driver.
     *
     * @param counters of the media driver.
     * @param typeId   one of the {@code *_TYPE_ID} constants.
     * @return the value, or {@link Long#MIN_VALUE} if no such counter exists (no server running).
     */
    public static long valueOf(final CountersReader counters, final int typeId)
    {
        final long[] value = { Long.MIN_VALUE };
        counters.forEach((counterId, type, keyBuffer, label) ->
        {
            if (type == typeId)
            {
                value[0] = counters.getCounterValue(counterId);
            }
        });
        return value[0];
    }

    /**
     * Read one member of a keyed family: {@link #OPERATIONS_TYPE_ID} or {@link #ERRORS_BY_CODE_TYPE_ID}.
     *
     * @param counters of the media driver.
     * @param typeId   of the family.
     * @param key      an {@link Operation#code()} or an {@link ErrorCode#value()}.
     * @return the value, or {@link Long#MIN_VALUE} if no such counter exists.
     */
    public static long valueOf(final CountersReader counters, final int typeId, final int key)
    {
        final int counterId = counterIdOf(counters, typeId, key);
        return CountersReader.NULL_COUNTER_ID == counterId ? Long.MIN_VALUE : counters.getCounterValue(counterId);
    }

    /**
     * Find one member of a keyed family, to read it again and again without a search.
     *
     * @param counters of the media driver.
     * @param typeId   of the family.
     * @param key      an {@link Operation#code()} or an {@link ErrorCode#value()}.
     * @return its counter id, or {@link CountersReader#NULL_COUNTER_ID} if no such counter exists.
     */
    public static int counterIdOf(final CountersReader counters, final int typeId, final int key)
    {
        final int[] found = { CountersReader.NULL_COUNTER_ID };
        counters.forEach((counterId, type, keyBuffer, label) ->
        {
            if (type == typeId && keyBuffer.getInt(0) == key)
            {
                found[0] = counterId;
            }
        });
        return found[0];
    }

    public void close()
    {
        CloseHelper.closeAll(
            clientsConnected, tuplesStored, bytesStored, waitingRequests, outOperations, matchOperations, errors,
            undeliverable, heapUsed, heapSamples, storedRecordBytes, storageFootprintBytes, openTransactions,
            transactionsAbortedClientGone, takesUndeliverableTuplesKept, requestsDropped, stuckSessionsClosed);
        CloseHelper.closeAll(operations);
        CloseHelper.closeAll(errorsByCode);
    }

    private static Counter addKeyed(final Aeron aeron, final int typeId, final int key, final String label)
    {
        final UnsafeBuffer keyBuffer = new UnsafeBuffer(new byte[Integer.BYTES]);
        keyBuffer.putInt(0, key);
        final UnsafeBuffer labelBuffer = new UnsafeBuffer(label.getBytes(StandardCharsets.US_ASCII));
        return aeron.addCounter(typeId, keyBuffer, 0, Integer.BYTES, labelBuffer, 0, labelBuffer.capacity());
    }

    private static int maxErrorCode()
    {
        int max = 0;
        for (final ErrorCode code : ErrorCode.values())
        {
            if (ErrorCode.NULL_VAL != code)
            {
                max = Math.max(max, code.value());
            }
        }
        return max;
    }
}
