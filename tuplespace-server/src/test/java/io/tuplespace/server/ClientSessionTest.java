package io.tuplespace.server;

import io.aeron.Aeron;
import io.aeron.ChannelUriStringBuilder;
import io.aeron.CommonContext;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the server takes a client for gone, from its response publication, with a real media driver.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ClientSessionTest
{
    private static final int SESSION_ID = 77;
    private static final int STREAM_ID = 1002;

    private final MediaDriver driver = MediaDriver.launch(new MediaDriver.Context()
        .aeronDirectoryName(CommonContext.generateRandomDirName()).dirDeleteOnStart(true).dirDeleteOnShutdown(true));
    private final Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));

    @AfterEach
    void close()
    {
        CloseHelper.closeAll(aeron, driver);
    }

    @Test
    void aResponsePublicationNotYetLinkedToTheClientsSubscriptionIsNotAGoneClient()
    {
        final ClientSession session = new ClientSession(SESSION_ID, 0);
        // As the server may see it: ready, before the driver has linked the client's subscription.
        session.publication = aeron.addExclusivePublication(
            new ChannelUriStringBuilder().media(CommonContext.IPC_MEDIA).sessionId(SESSION_ID).build(), STREAM_ID);

        assertThat(session.publication.isConnected()).isFalse();
        assertThat(session.canRespond(64)).isFalse();
        assertThat(session.isGone()).isFalse();

        final Subscription responses = aeron.addSubscription(
            new ChannelUriStringBuilder().media(CommonContext.IPC_MEDIA).sessionId(SESSION_ID).build(), STREAM_ID);
        await(() -> session.canRespond(64));
        assertThat(session.isGone()).isFalse();

        responses.close();
        await(session::isGone);
        assertThat(session.canRespond(64)).isFalse();
    }

    private static void await(final BooleanSupplier condition)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean())
        {
            assertThat(System.nanoTime() - deadlineNs).as("condition never held").isNegative();
            Thread.onSpinWait();
        }
    }
}
