package io.tuplespace.client;

import io.tuplespace.core.SegmentResolver;
import io.tuplespace.core.SharedBytes;
import io.tuplespace.core.Tuple;
import org.agrona.DirectBuffer;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client's side of shared-memory segments: writes payloads into new segment files, maps the segments of
 * tuples it receives, and remembers which to release to the server.
 * <p>
 * A segment file holds the payload alone, from offset 0; its name is the 16 hex digits of the segment id, whose
 * high 32 bits are this client's session id and low 32 bits a counter, so ids are unique among live clients and
 * the server can find a dead writer's files. Files are written once, before any tuple refers to them, and never
 * modified afterwards.
 * <p>
 * Thread-safe: any thread may write; received segments are mapped by whichever thread decodes responses.
 */
final class SharedMemory implements SegmentResolver
{
    private final File dir;
    private final long sessionBits;
    private final AtomicInteger nextCounter = new AtomicInteger();
    private final LongArrayList toRelease = new LongArrayList();

    SharedMemory(final String segmentsDir, final int sessionId)
    {
        this.dir = new File(segmentsDir);
        this.sessionBits = (sessionId & 0xFFFF_FFFFL) << 32;
    }

    /**
     * Copy bytes into a new segment.
     *
     * @return the shared bytes, mapped, to put in a tuple.
     * @throws SharedMemoryException if the segment file cannot be created.
     */
    SharedBytes write(final DirectBuffer source, final int offset, final int length)
    {
        final long segmentId = sessionBits | (nextCounter.incrementAndGet() & 0xFFFF_FFFFL);
        final File file = new File(dir, name(segmentId));
        try (FileChannel channel = FileChannel.open(file.toPath(),
            StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final MappedByteBuffer mapping = channel.map(FileChannel.MapMode.READ_WRITE, 0, length);
            source.getBytes(offset, mapping, 0, length);
            return SharedBytes.mapped(segmentId, length, mapping);
        }
        catch (final NoSuchFileException ex)
        {
            throw new SharedMemoryException("cannot create segment " + file + ": the segment directory is missing " +
                "(is the server running, and of a version with shared memory?)", ex);
        }
        catch (final IOException ex)
        {
            throw new SharedMemoryException("cannot create segment " + file + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Replace every {@code byte[]} field of at least {@code threshold} bytes by shared bytes.
     *
     * @param threshold in bytes; 0 or less leaves the tuple as it is.
     * @return the tuple, or a new one if a field moved to shared memory.
     */
    Tuple externalize(final Tuple tuple, final int threshold)
    {
        if (threshold <= 0)
        {
            return tuple;
        }
        Object[] values = null;
        for (int i = 0; i < tuple.size(); i++)
        {
            final Object value = tuple.get(i);
            if (value instanceof byte[] && ((byte[])value).length >= threshold)
            {
                if (null == values)
                {
                    values = new Object[tuple.size()];
                    for (int j = 0; j < values.length; j++)
                    {
                        values[j] = tuple.get(j);
                    }
                }
                final byte[] bytes = (byte[])value;
                values[i] = write(new UnsafeBuffer(bytes), 0, bytes.length);
            }
        }
        return null == values ? tuple : Tuple.of(values);
    }

    /**
     * Map a received segment read-only, and remember to release it. A segment that is gone decodes as
     * unavailable shared bytes whose accessors say why, rather than failing the response.
     */
    public SharedBytes resolve(final long segmentId, final int length)
    {
        final File file = new File(dir, name(segmentId));
        try (FileChannel channel = FileChannel.open(file.toPath(), StandardOpenOption.READ))
        {
            if (channel.size() < length)
            {
                return SharedBytes.unavailable(segmentId, length, "segment " + file + " holds " + channel.size() +
                    " bytes, less than the " + length + " its reference names");
            }
            return SharedBytes.mapped(segmentId, length, channel.map(FileChannel.MapMode.READ_ONLY, 0, length));
        }
        catch (final NoSuchFileException ex)
        {
            return SharedBytes.unavailable(segmentId, length, "segment " + file + " is gone: its tuple was " +
                "consumed and its segment released before this copy arrived, its writer ended before publishing " +
                "it, or the server restarted");
        }
        catch (final IOException ex)
        {
            return SharedBytes.unavailable(segmentId, length, "cannot map segment " + file + ": " + ex.getMessage());
        }
        finally
        {
            // Released even when unmappable: the server's hold is for the delivery, whatever came of it.
            synchronized (toRelease)
            {
                toRelease.addLong(segmentId);
            }
        }
    }

    /**
     * Send the releases owed, if the request publication is free right now; what is not sent stays queued.
     *
     * @return the number of segments released.
     */
    int sendReleases(final RequestProxy proxy, final long correlationId)
    {
        synchronized (toRelease)
        {
            final int sent = toRelease.isEmpty() ? 0 : proxy.tryReleaseSegments(correlationId, toRelease);
            for (int i = sent; i < toRelease.size(); i++)
            {
                toRelease.setLong(i - sent, toRelease.getLong(i));
            }
            for (int i = 0; i < sent; i++)
            {
                toRelease.removeAt(toRelease.size() - 1);
            }
            return sent;
        }
    }

    /**
     * @return true if releases are waiting to be sent.
     */
    boolean hasReleases()
    {
        synchronized (toRelease)
        {
            return !toRelease.isEmpty();
        }
    }

    /**
     * @return the directory segment files live in.
     */
    File dir()
    {
        return dir;
    }

    static String name(final long segmentId)
    {
        final String hex = Long.toHexString(segmentId);
        return "0".repeat(16 - hex.length()) + hex;
    }
}
