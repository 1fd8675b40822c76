package io.tuplespace.examples.javaspaces;

import io.tuplespace.javaspaces.TupleSpaceJavaSpace;
import net.jini.core.entry.Entry;
import net.jini.core.event.RemoteEventListener;
import net.jini.core.lease.Lease;
import net.jini.core.transaction.Transaction;
import net.jini.core.transaction.TransactionFactory;
import net.jini.space.AvailabilityEvent;
import net.jini.space.JavaSpace05;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A second JavaSpaces client in a process of its own, driven line by line on its standard input, for the
 * cross-process tests. It uses only the JavaSpaces API once connected, and answers each command with one line:
 * <pre>
 *   begin                      began                 (one transaction at a time, 1 minute lease)
 *   write ID [txn]             wrote ID
 *   take TIMEOUT_MS [txn]      take ID|null
 *   read TIMEOUT_MS [txn]      read ID|null
 *   takeIfExists TIMEOUT_MS    takeIfExists ID|null
 *   readIfExists TIMEOUT_MS    readIfExists ID|null
 *   commit / abort             committed / aborted
 *   notify [txn]               registered            then, per event: event SEQUENCE
 *   available [txn]            registered            then, per event: available SEQUENCE ID
 * </pre>
 * The connection settings come from system properties ({@code tuplespace.dir}...). It prints {@code ready} once
 * connected, and exits at the end of its input.
 */
public final class JavaSpacePeer
{
    /**
     * The entry the peer and the tests exchange.
     */
    public static class Item implements Entry
    {
        private static final long serialVersionUID = 1L;

        public Long id;

        public Item()
        {
        }

        public Item(final long id)
        {
            this.id = id;
        }
    }

    private final JavaSpace05 space;
    private final TupleSpaceJavaSpace connection;
    private Transaction transaction;

    private JavaSpacePeer(final TupleSpaceJavaSpace connection)
    {
        this.connection = connection;
        this.space = connection;
    }

    public static void main(final String[] args) throws Exception
    {
        try (TupleSpaceJavaSpace connection = TupleSpaceJavaSpace.connect())
        {
            final JavaSpacePeer peer = new JavaSpacePeer(connection);
            print("ready");
            final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while (null != (line = in.readLine()))
            {
                peer.execute(line.trim().split(" "));
            }
        }
    }

    private void execute(final String[] command) throws Exception
    {
        final Transaction txn = command.length > 1 && "txn".equals(command[command.length - 1]) ? transaction : null;
        switch (command[0])
        {
            case "begin" ->
            {
                transaction = TransactionFactory.create(connection.transactionManager(),
                    TimeUnit.MINUTES.toMillis(1)).transaction;
                print("began");
            }
            case "write" ->
            {
                space.write(new Item(Long.parseLong(command[1])), txn, Lease.FOREVER);
                print("wrote " + command[1]);
            }
            case "take" -> print("take " + idOf(space.take(new Item(), txn, Long.parseLong(command[1]))));
            case "read" -> print("read " + idOf(space.read(new Item(), txn, Long.parseLong(command[1]))));
            case "takeIfExists" ->
                print("takeIfExists " + idOf(space.takeIfExists(new Item(), txn, Long.parseLong(command[1]))));
            case "readIfExists" ->
                print("readIfExists " + idOf(space.readIfExists(new Item(), txn, Long.parseLong(command[1]))));
            case "commit" ->
            {
                transaction.commit();
                print("committed");
            }
            case "abort" ->
            {
                transaction.abort();
                print("aborted");
            }
            case "notify" ->
            {
                final RemoteEventListener listener = event -> print("event " + event.getSequenceNumber());
                space.notify(new Item(), txn, listener, Lease.FOREVER, null);
                print("registered");
            }
            case "available" ->
            {
                final RemoteEventListener listener = event -> print("available " + event.getSequenceNumber() + " " +
                    idOf(((AvailabilityEvent)event).getSnapshot()));
                space.registerForAvailabilityEvent(List.of(new Item()), txn, true, listener, Lease.FOREVER, null);
                print("registered");
            }
            default -> print("unknown command " + String.join(" ", command));
        }
    }

    private static String idOf(final Entry entry)
    {
        return null == entry ? "null" : String.valueOf(((Item)entry).id);
    }

    private static synchronized void print(final String line)
    {
        System.out.println(line);
        System.out.flush();
    }
}
