package io.tuplespace.client;

import io.tuplespace.core.SegmentResolver;
import io.tuplespace.core.SharedBytes;
import io.tuplespace.core.Tuple;
import org.agrona.DirectBuffer;
import org.agrona.IoUtil;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

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
    private static final int PAGE_SIZE = 4096;
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(256 * 1024).asReadOnlyBuffer();

    private final File dir;
    private final long sessionBits;
    private final AtomicInteger nextCounter = new AtomicInteger();
    private final LongArrayList toRelease = new LongArrayList();
    private volatile boolean hasReleases;
    private final int prefaultBytes;
    private final long minFreeBytes;
    private final AtomicReference<Segment> prefaulted = new AtomicReference<>();
    private final Semaphore refill = new Semaphore(0);
    private final Thread prefaulter;

    /**
     * @param prefaultBytes capacity of the one segment kept ready, its pages allocated and mapped ahead of time
     *                      by a background thread; 0 for none.
     * @param minFreeBytes  bytes a new segment must leave free on the segments' filesystem.
     */
    SharedMemory(final String segmentsDir, final int sessionId, final int prefaultBytes, final long minFreeBytes)
    {
        this.dir = new File(segmentsDir);
        this.minFreeBytes = minFreeBytes;
        this.sessionBits = (sessionId & 0xFFFF_FFFFL) << 32;
        this.prefaultBytes = prefaultBytes;
        if (prefaultBytes > 0)
        {
            prefaulter = new Thread(this::prefault, "tuplespace-segment-prefault");
            prefaulter.setDaemon(true);
            prefaulter.start();
            refill.release();
        }
        else
        {
            prefaulter = null;
        }
    }

    /**
     * Copy bytes into a new segment: the ready one if it is large enough, else a new file.
     *
     * @return the shared bytes, mapped, to put in a tuple.
     * @throws SharedMemoryException if the segment file cannot be created.
     */
    SharedBytes write(final DirectBuffer source, final int offset, final int length)
    {
        final Segment ready = length <= prefaultBytes ? prefaulted.getAndSet(null) : null;
        final Segment segment = null != ready ? ready : create(length);
        source.getBytes(offset, segment.mapping, 0, length);
        if (null != ready)
        {
            // Only now: preparing the next segment would compete with this copy for memory bandwidth and a core.
            refill.release();
        }
        return SharedBytes.mapped(segment.segmentId, length, segment.mapping);
    }

    /**
     * Stop preparing segments; returns once no segment file is being created, so none appears after the session
     * ends (the server deletes the unpublished ones it finds then).
     */
    void close()
    {
        if (null != prefaulter)
        {
            prefaulter.interrupt();
            try
            {
                prefaulter.join();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void prefault()
    {
        try
        {
            while (true)
            {
                refill.acquire();
                // A write per page maps it now, off the caller's path: on tmpfs that costs more than the copy.
                final Segment segment = create(prefaultBytes);
                for (int i = 0; i < prefaultBytes; i += PAGE_SIZE)
                {
                    segment.mapping.put(i, (byte)0);
                }
                prefaulted.set(segment);
            }
        }
        catch (final InterruptedException | SharedMemoryException ex)
        {
            // Closing, or no segment directory: callers create segments themselves and report the failure.
        }
    }

    /**
     * A new segment file, its pages allocated with writes before it is mapped: a full filesystem then fails the
     * write with an error code, where a first touch of a mapped page would fail with a fault (an InternalError,
     * surfacing wherever the JVM notices it). It costs no more than the faults that would allocate them.
     */
    private Segment create(final int length)
    {
        final long segmentId = sessionBits | (nextCounter.incrementAndGet() & 0xFFFF_FFFFL);
        final File file = file(segmentId);
        // The media driver's logs live on the same tmpfs and need room for new publications. getUsableSpace is
        // zero when the directory is missing, which the open below reports.
        final long freeBytes = dir.getUsableSpace();
        if (dir.isDirectory() && freeBytes - length < minFreeBytes)
        {
            throw new SharedMemoryException("cannot create a segment of " + length + " bytes in " + dir + ": " +
                freeBytes + " bytes are free on its filesystem, and " + minFreeBytes + " must stay free for the " +
                "media driver's logs (" + ClientContext.SEGMENT_MIN_FREE_PROP_NAME + "); free some space there, " +
                "or send smaller payloads", null);
        }
        try (FileChannel channel = FileChannel.open(file.toPath(),
            StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            allocate(channel, file, length);
            return new Segment(segmentId, channel.map(FileChannel.MapMode.READ_WRITE, 0, length));
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
     * Delete the segment files {@link #externalize} made for the byte arrays of {@code tuple} in {@code sent}. The
     * server never saw them in a stored tuple, so nothing else refers to them; their pages go back to the system
     * once the mappings are collected.
     */
    void discardCopies(final Tuple tuple, final Tuple sent)
    {
        for (int i = 0; i < tuple.size(); i++)
        {
            if (tuple.get(i) instanceof byte[] && sent.get(i) instanceof SharedBytes)
            {
                IoUtil.deleteIfExists(file(((SharedBytes)sent.get(i)).segmentId()));
            }
        }
    }

    /**
     * Map a received segment read-only, and remember to release it. A segment that is gone decodes as
     * unavailable shared bytes whose accessors say why, rather than failing the response.
     */
    public SharedBytes resolve(final long segmentId, final int length)
    {
        final File file = file(segmentId);
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
                hasReleases = true;
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
            hasReleases = !toRelease.isEmpty();
            return sent;
        }
    }

    /**
     * @return true if releases are waiting to be sent: after a tuple with segments was decoded, until sent (right
     * after the poll that decoded it, or at a later poll if the request publication was busy then).
     */
    boolean hasReleases()
    {
        // Read on every poll of responses: a volatile read, not a lock.
        return hasReleases;
    }

    /**
     * @return the directory segment files live in.
     */
    File dir()
    {
        return dir;
    }

    private File file(final long segmentId)
    {
        return new File(dir, name(segmentId));
    }

    private static void allocate(final FileChannel channel, final File file, final int length) throws IOException
    {
        final ByteBuffer zeros = ZEROS.duplicate();
        try
        {
            long position = 0;
            while (position < length)
            {
                zeros.clear().limit((int)Math.min(zeros.capacity(), length - position));
                position += channel.write(zeros, position);
            }
        }
        catch (final IOException ex)
        {
            IoUtil.deleteIfExists(file);
            throw ex;
        }
    }

    private static final class Segment
    {
        final long segmentId;
        final MappedByteBuffer mapping;

        Segment(final long segmentId, final MappedByteBuffer mapping)
        {
            this.segmentId = segmentId;
            this.mapping = mapping;
        }
    }

    static String name(final long segmentId)
    {
        final String hex = Long.toHexString(segmentId);
        return "0".repeat(16 - hex.length()) + hex;
    }
}
