package io.tuplespace.client.call;

import io.tuplespace.core.Formal;
import io.tuplespace.core.Template;
import io.tuplespace.core.Tuple;

/**
 * The tuples calls travel in. A worker thread takes calls of one function name; a caller takes results addressed
 * to its reply key.
 * <pre>
 *   call:   ("tuplespace.call", function:String, replyTo:String, callId:long, leaseMs:long, kind:int, payload)
 *   result: ("tuplespace.result", replyTo:String, callId:long, status:int, payload)
 *   worker: ("tuplespace.worker", function:String, workerKey:String, threads:int)   leased, renewed while serving
 * </pre>
 * A CALL payload is a count and that many argument values; a CHUNK payload is a count and that many inputs, each
 * handled as a call of one argument. An OK result payload holds the result value (CALL) or a count and the results
 * (CHUNK); an ERROR payload holds the remote exception's type, message and stack trace. The payload field is what
 * the {@link PayloadCarrier} makes of the bytes.
 */
final class CallTuples
{
    static final String CALL = "tuplespace.call";
    static final String RESULT = "tuplespace.result";
    static final String WORKER = "tuplespace.worker";

    static final int KIND_CALL = 0;
    static final int KIND_CHUNK = 1;
    static final int STATUS_OK = 0;
    static final int STATUS_ERROR = 1;

    static final int FUNCTION = 1;
    static final int REPLY_TO = 2;
    static final int CALL_ID = 3;
    static final int LEASE_MS = 4;
    static final int KIND = 5;
    static final int CALL_PAYLOAD = 6;

    static final int RESULT_CALL_ID = 2;
    static final int STATUS = 3;
    static final int RESULT_PAYLOAD = 4;

    static final int WORKER_THREADS = 3;

    private CallTuples()
    {
    }

    static Tuple call(
        final String function,
        final String replyTo,
        final long callId,
        final long leaseMs,
        final int kind,
        final Object payload)
    {
        return Tuple.of(CALL, function, replyTo, callId, leaseMs, kind, payload);
    }

    static Template callsOf(final String function)
    {
        return Template.of(CALL, function, Formal.STRING, Formal.LONG, Formal.LONG, Formal.INT, Formal.ANY);
    }

    static Tuple result(final String replyTo, final long callId, final int status, final Object payload)
    {
        return Tuple.of(RESULT, replyTo, callId, status, payload);
    }

    static Template resultsTo(final String replyTo)
    {
        return Template.of(RESULT, replyTo, Formal.LONG, Formal.INT, Formal.ANY);
    }

    static Template resultOf(final String replyTo, final long callId)
    {
        return Template.of(RESULT, replyTo, callId, Formal.INT, Formal.ANY);
    }

    static Tuple worker(final String function, final String workerKey, final int threads)
    {
        return Tuple.of(WORKER, function, workerKey, threads);
    }

    static Template workersOf(final String function)
    {
        return Template.of(WORKER, function, Formal.STRING, Formal.INT);
    }

    /**
     * @return a key no other caller or worker of this space uses: the client's session id (unique among connected
     * clients) and a random part (so a key stays unique after its client is gone).
     */
    static String uniqueKey(final int sessionId, final String role)
    {
        return role + "-" + sessionId + "-" + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current()
            .nextLong());
    }
}
