package io.tuplespace.core;

/**
 * Turns a segment reference found while decoding a tuple into readable {@link SharedBytes}: clients map the
 * segment file. Called on the decoding thread.
 */
@FunctionalInterface
public interface SegmentResolver
{
    /**
     * @param segmentId of the reference.
     * @param length    of the payload it names.
     * @return the shared bytes, mapped or {@link SharedBytes#unavailable unavailable}; never null.
     */
    SharedBytes resolve(long segmentId, int length);
}
