package io.tuplespace.server;

import io.aeron.Aeron;
import io.aeron.Counter;
import org.agrona.CloseHelper;
import org.agrona.concurrent.status.CountersReader;

/**
 * The server's counters, held in the media driver's counters file so {@code AeronStat} and
 * {@code bin/tuplespace stat} show them live. Type ids start at 1000, clear of Aeron's reserved 0-999 range.
 */
public final class TupleSpaceCounters implements AutoCloseable
{
    public static final int CLIENTS_CONNECTED_TYPE_ID = 1000;
    public static final int TUPLES_STORED_TYPE_ID = 1001;
    public static final int BYTES_STORED_TYPE_ID = 1002;
    public static final int WAITING_REQUESTS_TYPE_ID = 1003;
    public static final int OUT_OPERATIONS_TYPE_ID = 1004;
    public static final int MATCH_OPERATIONS_TYPE_ID = 1005;
    public static final int ERRORS_TYPE_ID = 1006;
    public static final int UNDELIVERABLE_TYPE_ID = 1007;
    public static final int HEAP_USED_TYPE_ID = 1008;
    public static final int HEAP_SAMPLES_TYPE_ID = 1009;
    public static final int STORED_RECORD_BYTES_TYPE_ID = 1030;
    public static final int STORAGE_FOOTPRINT_BYTES_TYPE_ID = 1031;

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

    TupleSpaceCounters(final Aeron aeron)
    {
        clientsConnected = aeron.addCounter(CLIENTS_CONNECTED_TYPE_ID, "tuplespace: clients connected");
        tuplesStored = aeron.addCounter(TUPLES_STORED_TYPE_ID, "tuplespace: tuples stored");
        bytesStored = aeron.addCounter(BYTES_STORED_TYPE_ID, "tuplespace: bytes stored");
        waitingRequests = aeron.addCounter(WAITING_REQUESTS_TYPE_ID, "tuplespace: waiting requests");
        outOperations = aeron.addCounter(OUT_OPERATIONS_TYPE_ID, "tuplespace: out operations");
        matchOperations = aeron.addCounter(MATCH_OPERATIONS_TYPE_ID, "tuplespace: in/rd operations");
        errors = aeron.addCounter(ERRORS_TYPE_ID, "tuplespace: requests rejected");
        undeliverable = aeron.addCounter(UNDELIVERABLE_TYPE_ID, "tuplespace: replies undeliverable");
        heapUsed = aeron.addCounter(HEAP_USED_TYPE_ID, "tuplespace: server JVM heap used bytes");
        heapSamples = aeron.addCounter(HEAP_SAMPLES_TYPE_ID, "tuplespace: server JVM heap samples");
        storedRecordBytes = aeron.addCounter(STORED_RECORD_BYTES_TYPE_ID,
            "tuplespace: stored record bytes (limited by tuplespace.max.stored.bytes)");
        storageFootprintBytes = aeron.addCounter(STORAGE_FOOTPRINT_BYTES_TYPE_ID,
            "tuplespace: storage footprint bytes (arena chunks and index tables)");
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

    public void close()
    {
        CloseHelper.closeAll(
            clientsConnected, tuplesStored, bytesStored, waitingRequests, outOperations, matchOperations, errors,
            undeliverable, heapUsed, heapSamples, storedRecordBytes, storageFootprintBytes);
    }
}
