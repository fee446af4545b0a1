package io.semaphore.task.log;

import java.util.function.Consumer;

/** A browser for LogHub tests: sees every project, never falls behind, and hands each message on as it comes. */
final class TestViewer implements LogHub.Viewer {
    private final Consumer<String> onMessage;

    TestViewer(Consumer<String> onMessage) {
        this.onMessage = onMessage;
    }

    @Override
    public boolean canSee(int projectId) {
        return true;
    }

    @Override
    public boolean offer(String json) {
        onMessage.accept(json);
        return true;
    }

    @Override
    public void drop() {}
}
