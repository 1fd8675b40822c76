package io.tuplespace.server;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ImageEventsTest
{
    private final ImageEvents events = new ImageEvents();
    private final List<String> handled = new ArrayList<>();

    @Test
    void eventsAreHandledInTheOrderTheyCame()
    {
        events.available(1);
        events.unavailable(1);
        events.available(-2);

        assertThat(events.drain(new Recorder())).isEqualTo(3);
        assertThat(handled).containsExactly("available 1", "unavailable 1", "available -2");
        assertThat(events.drain(new Recorder())).isZero();
    }

    @Test
    void anEventQueuedWhileHandlingAnotherIsHandledInTheSameDrain()
    {
        // Closing the session of image 1 runs the Aeron client conductor, which delivers image 2.
        events.unavailable(1);

        assertThat(events.drain(new Recorder()
        {
            public void onImageUnavailable(final int sessionId)
            {
                super.onImageUnavailable(sessionId);
                events.available(2);
            }
        })).isEqualTo(2);
        assertThat(handled).containsExactly("unavailable 1", "available 2");
    }

    private class Recorder implements ImageEvents.Handler
    {
        public void onImageAvailable(final int sessionId)
        {
            handled.add("available " + sessionId);
        }

        public void onImageUnavailable(final int sessionId)
        {
            handled.add("unavailable " + sessionId);
        }
    }
}
