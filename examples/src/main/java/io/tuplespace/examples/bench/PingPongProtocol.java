package io.tuplespace.examples.bench;

/**
 * The messages of the raw Aeron baseline, between the bench process (ping) and the {@code bench-pong} JVM, and of
 * the relay baseline, where a hub JVM passes each ping to an echo JVM and its answer back, as the server passes a
 * call to a worker and its result back.
 * Every message has the same fixed length, about that of a tuple space {@code rd} or {@code in} request:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-------------------------------------------------------------+
 *  |                     type (int32)                            |
 *  +-------------------------------------------------------------+
 *  |                     reserved (int32)                        |
 *  +-------------------------------------------------------------+
 *  |                     value (int64): sequence or count         |
 *  |                                                             |
 *  +-------------------------------------------------------------+
 *  |                     padding to MESSAGE_LENGTH               ...
 * </pre>
 */
final class PingPongProtocol
{
    /** Ping to pong: the bench process publishes, the pong subscribes. */
    static final int PING_STREAM_ID = 2001;

    /** Pong to ping. */
    static final int PONG_STREAM_ID = 2002;

    /** The relay's hub forwards pings to the echo JVM on this stream. */
    static final int RELAY_OUT_STREAM_ID = 2003;

    /** The echo JVM answers the hub on this stream; the hub forwards the answers as pongs. */
    static final int RELAY_BACK_STREAM_ID = 2004;

    /** Bytes per message, about an encoded tuple space request for a three-field template. */
    static final int MESSAGE_LENGTH = 64;

    static final int TYPE_OFFSET = 0;
    static final int VALUE_OFFSET = 8;

    /** Echo this message back unchanged. */
    static final int TYPE_PING = 1;

    /** Count this message; send nothing back. */
    static final int TYPE_COUNT = 2;

    /** Answer with a message whose value is the number of {@link #TYPE_COUNT} messages seen, then reset it. */
    static final int TYPE_COUNT_END = 3;

    private PingPongProtocol()
    {
    }
}
