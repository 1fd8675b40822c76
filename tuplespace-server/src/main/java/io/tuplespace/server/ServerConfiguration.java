package io.tuplespace.server;

import org.agrona.SystemUtil;

import java.util.concurrent.TimeUnit;

/**
 * Server-only settings: system property names, defaults and accessors. Settings shared with clients are in
 * {@link io.tuplespace.core.CommonConfiguration}.
 */
public final class ServerConfiguration
{
    /** Start a media driver inside the server process (true), or attach to one already running (false). */
    public static final String EMBEDDED_DRIVER_PROP_NAME = "tuplespace.embedded.driver";
    public static final boolean EMBEDDED_DRIVER_DEFAULT = true;

    /**
     * How long the embedded driver waits for a silent client before it declares it dead. A client that died
     * while blocked in {@code in} keeps its place in the queue of waiting takers for this long.
     */
    public static final String CLIENT_LIVENESS_TIMEOUT_PROP_NAME = "tuplespace.client.liveness.timeout";
    public static final long CLIENT_LIVENESS_TIMEOUT_DEFAULT_NS = TimeUnit.SECONDS.toNanos(5);

    /** Most request fragments read per duty cycle. */
    public static final String FRAGMENT_LIMIT_PROP_NAME = "tuplespace.fragment.limit";
    public static final int FRAGMENT_LIMIT_DEFAULT = 64;

    private ServerConfiguration()
    {
    }

    public static boolean embeddedDriver()
    {
        final String value = System.getProperty(EMBEDDED_DRIVER_PROP_NAME);
        return null == value ? EMBEDDED_DRIVER_DEFAULT : Boolean.parseBoolean(value);
    }

    public static long clientLivenessTimeoutNs()
    {
        return SystemUtil.getDurationInNanos(CLIENT_LIVENESS_TIMEOUT_PROP_NAME, CLIENT_LIVENESS_TIMEOUT_DEFAULT_NS);
    }

    public static int fragmentLimit()
    {
        return Integer.getInteger(FRAGMENT_LIMIT_PROP_NAME, FRAGMENT_LIMIT_DEFAULT);
    }
}
