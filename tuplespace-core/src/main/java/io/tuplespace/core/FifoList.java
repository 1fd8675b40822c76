package io.tuplespace.core;

/**
 * An intrusive doubly linked list in arrival order: O(1) append, O(1) removal of any node, oldest first.
 *
 * @param <T> the node type.
 */
final class FifoList<T extends FifoList.Node<T>>
{
    /**
     * A list element. A node is in at most one list at a time.
     *
     * @param <T> the concrete node type.
     */
    abstract static class Node<T extends Node<T>>
    {
        T previous;
        T next;
    }

    private T head;
    private T tail;
    private int size;

    T head()
    {
        return head;
    }

    int size()
    {
        return size;
    }

    void append(final T node)
    {
        node.previous = tail;
        node.next = null;
        if (null == tail)
        {
            head = node;
        }
        else
        {
            tail.next = node;
        }
        tail = node;
        size++;
    }

    void remove(final T node)
    {
        if (null == node.previous)
        {
            head = node.next;
        }
        else
        {
            node.previous.next = node.next;
        }
        if (null == node.next)
        {
            tail = node.previous;
        }
        else
        {
            node.next.previous = node.previous;
        }
        node.previous = null;
        node.next = null;
        size--;
    }
}
