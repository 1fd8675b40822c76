package io.tuplespace.core;

import org.agrona.collections.IntArrayList;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;

/**
 * Memory for stored tuple records: fixed-size chunks carved into blocks of 8-byte units, with a free list per size
 * class, so storing and removing tuples allocates no objects once the chunks exist.
 * <p>
 * A block is named by an int handle: chunk index in the high bits, unit offset within the chunk in the low bits.
 * Handle {@link #NULL} (0) is never handed out. Blocks never span chunks, so a block is one contiguous range of
 * one {@link UnsafeBuffer}. Size classes are exact up to {@value #EXACT_CLASS_UNITS} units (1 KiB), then powers of
 * two, so a small record wastes at most 7 bytes.
 * <p>
 * A free block serves only its own size class. So that a space that held tuples of one size can hold tuples of
 * another without growing, an arena whose last block is freed forgets its free lists and carves its existing
 * chunks again from the first: draining the space hands all its memory back to every size.
 */
final class TupleArena
{
    static final int NULL = 0;
    static final int UNIT_SHIFT = 3;
    static final int CHUNK_UNITS_SHIFT = 19;
    /**
     * A chunk is a byte[] whose object, 16-byte header included, is exactly 4 MiB: a whole number of G1 regions
     * at every region size, so no chunk wastes the tail of a humongous region.
     */
    static final int CHUNK_BYTES = (1 << (CHUNK_UNITS_SHIFT + UNIT_SHIFT)) - 16;
    static final int MAX_BLOCK_BYTES = CHUNK_BYTES;
    static final int CHUNK_UNITS = CHUNK_BYTES >>> UNIT_SHIFT;
    private static final int UNIT_MASK = (1 << CHUNK_UNITS_SHIFT) - 1;
    private static final int EXACT_CLASS_UNITS = 128;
    static final int MAX_CHUNKS = 1 << (31 - CHUNK_UNITS_SHIFT);
    static final int SIZE_CLASSES = EXACT_CLASS_UNITS + 32;

    private UnsafeBuffer[] chunks = new UnsafeBuffer[4];
    private final int[] freeHeadByClass = new int[SIZE_CLASSES];
    private final int[] freeCountByClass = new int[SIZE_CLASSES];
    private final IntArrayList classesWithFreeBlocks = new IntArrayList(SIZE_CLASSES, IntArrayList.DEFAULT_NULL_VALUE);
    private int chunkCount;
    private int bumpChunk = -1;
    private int bumpUnit = CHUNK_UNITS; // forces a first chunk
    private long blockBytes;
    private long chunkBytes;

    /**
     * @param bytes size of the block; at most {@link #MAX_BLOCK_BYTES}.
     * @return the handle of a block of at least that many bytes.
     */
    int allocate(final int bytes)
    {
        final int sizeClass = sizeClass(bytes);
        final int units = classUnits(sizeClass);
        blockBytes += (long)units << UNIT_SHIFT;
        final int free = freeHeadByClass[sizeClass];
        if (NULL != free)
        {
            freeHeadByClass[sizeClass] = buffer(free).getInt(offset(free));
            freeCountByClass[sizeClass]--;
            return free;
        }
        if (bumpUnit + units > CHUNK_UNITS)
        {
            nextBumpChunk();
        }
        final int handle = (bumpChunk << CHUNK_UNITS_SHIFT) | bumpUnit;
        bumpUnit += units;
        return handle;
    }

    /**
     * Return a block to its size class.
     *
     * @param handle of the block.
     * @param bytes  the size it was allocated with.
     */
    void free(final int handle, final int bytes)
    {
        final int sizeClass = sizeClass(bytes);
        blockBytes -= (long)classUnits(sizeClass) << UNIT_SHIFT;
        if (0 == blockBytes)
        {
            recycleChunks();
            return;
        }
        buffer(handle).putInt(offset(handle), freeHeadByClass[sizeClass]);
        freeHeadByClass[sizeClass] = handle;
        if (0 == freeCountByClass[sizeClass]++)
        {
            classesWithFreeBlocks.addInt(sizeClass);
        }
    }

    UnsafeBuffer buffer(final int handle)
    {
        return chunks[handle >>> CHUNK_UNITS_SHIFT];
    }

    static int offset(final int handle)
    {
        return (handle & UNIT_MASK) << UNIT_SHIFT;
    }

    /**
     * @return bytes in blocks handed out and not freed, size-class rounding included.
     */
    long blockBytes()
    {
        return blockBytes;
    }

    /**
     * @return free blocks of a size class, which {@link #allocate} hands out before carving new ones.
     */
    int freeBlocks(final int sizeClass)
    {
        return freeCountByClass[sizeClass];
    }

    int chunkCount()
    {
        return chunkCount;
    }

    /**
     * @return the chunk new blocks are carved from, -1 before the first.
     */
    int bumpChunk()
    {
        return bumpChunk;
    }

    /**
     * @return the unit of the bump chunk where the next new block starts ({@link #CHUNK_UNITS} when it has no room
     * left, or none exists).
     */
    int bumpUnit()
    {
        return bumpUnit;
    }

    /**
     * @return bytes of all chunks, used or not.
     */
    long chunkBytes()
    {
        return chunkBytes;
    }

    /**
     * @return the unit where carving starts in a chunk: unit 0 of chunk 0 would be handle {@link #NULL}.
     */
    static int firstUnit(final int chunk)
    {
        return 0 == chunk ? 1 : 0;
    }

    private void nextBumpChunk()
    {
        if (++bumpChunk == chunkCount)
        {
            addChunk();
        }
        bumpUnit = firstUnit(bumpChunk);
    }

    /**
     * No block is in use: every chunk is free for blocks of any size again.
     */
    private void recycleChunks()
    {
        for (int i = 0, size = classesWithFreeBlocks.size(); i < size; i++)
        {
            final int sizeClass = classesWithFreeBlocks.getInt(i);
            freeHeadByClass[sizeClass] = NULL;
            freeCountByClass[sizeClass] = 0;
        }
        classesWithFreeBlocks.clear();
        bumpChunk = 0;
        bumpUnit = firstUnit(0);
    }

    private void addChunk()
    {
        if (chunkCount == MAX_CHUNKS)
        {
            throw new IllegalStateException("tuple arena full: " + MAX_CHUNKS + " chunks of " + CHUNK_BYTES + " bytes");
        }
        if (chunkCount == chunks.length)
        {
            chunks = Arrays.copyOf(chunks, chunks.length * 2);
        }
        chunks[chunkCount++] = new UnsafeBuffer(new byte[CHUNK_BYTES]);
        chunkBytes += CHUNK_BYTES;
    }

    static int sizeClass(final int bytes)
    {
        final int units = (bytes + (1 << UNIT_SHIFT) - 1) >>> UNIT_SHIFT;
        if (units <= EXACT_CLASS_UNITS)
        {
            return units;
        }
        return EXACT_CLASS_UNITS + (32 - Integer.numberOfLeadingZeros(units - 1)) - 7;
    }

    static int classUnits(final int sizeClass)
    {
        return sizeClass <= EXACT_CLASS_UNITS ? sizeClass : 1 << (sizeClass - EXACT_CLASS_UNITS + 7);
    }
}
