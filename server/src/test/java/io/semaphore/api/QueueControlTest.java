package io.semaphore.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.semaphore.testing.ApiClient;
import io.semaphore.testing.GitRepos;
import io.semaphore.testing.ServerOnEachDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Queue control on each database, one task at a time on the node: tasks start in the order they were queued even
 * when queued from many clients at once; a template with at_most_one_waiting_task queues one run of a burst; all
 * waiting tasks of a template or project stop at once.
 */
@ServerOnEachDatabase.Config(QueueControlTest.OneAtATime.class)
class QueueControlTest extends ServerOnEachDatabase {

    static final class OneAtATime implements Consumer<ObjectNode> {
        @Override
        public void accept(ObjectNode config) {
            config.put("max_parallel_tasks", 1);
        }
    }

    @Test
    void tasksQueuedFromManyClientsAtOnce_startInTheOrderTheyWereQueued() throws Exception {
        ApiClient a = server.admin();
        Path log = server.dir().resolve("fifo-" + db + ".txt");
        Files.writeString(log, "");
        Fixture f = fixture(a, "fifo", "#!/bin/bash\necho \"$1\" >> " + log + "\n", true);
        int clients = 6;
        int perClient = 5;
        Map<Long, String> queued = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> all = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                all.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < perClient; i++) {
                        String n = client + "-" + i;
                        ApiClient.Response r = a.post(f.base + "/tasks", Map.of("template_id", f.template,
                                "environment", "{\"n\": \"" + n + "\"}"));
                        assertThat(r.status()).as(r.body()).isEqualTo(201);
                        queued.put(r.json().get("id").asLong(), "n=" + n);
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> x : all) {
                x.get();
            }
        } finally {
            pool.shutdownNow();
        }
        List<Long> ids = new ArrayList<>(queued.keySet());
        Collections.sort(ids);
        for (long id : ids) {
            assertThat(MultiNodeTaskTest.await(a, f.base, id).get("status").asText()).isEqualTo("success");
        }
        List<String> started = Files.readAllLines(log);
        assertThat(started).as("start order").isEqualTo(ids.stream().map(queued::get).toList());
    }

    @Test
    void atMostOneWaitingTask_refusesMoreWhileOneWaits_evenInABurst() throws Exception {
        ApiClient a = server.admin();
        Fixture f = fixture(a, "burst", "#!/bin/bash\nsleep 60 & wait\n", false);
        ApiClient.Response put = a.put(f.base + "/templates/" + f.template, Map.of("name", "job", "app", "bash",
                "playbook", "job.sh", "repository_id", f.repository, "at_most_one_waiting_task", true));
        assertThat(put.status()).as(put.body()).isEqualTo(204);
        assertThat(a.get(f.base + "/templates/" + f.template).json().get("at_most_one_waiting_task").asBoolean()).isTrue();

        long running = a.post(f.base + "/tasks", Map.of("template_id", f.template)).json().get("id").asLong();
        awaitStatus(a, f.base, running, "running");
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Integer> statuses = Collections.synchronizedList(new ArrayList<>());
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                all.add(pool.submit(() -> {
                    go.await();
                    statuses.add(a.post(f.base + "/tasks", Map.of("template_id", f.template)).status());
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> x : all) {
                x.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 409).hasSize(9);
        ApiClient.Response refused = a.post(f.base + "/tasks", Map.of("template_id", f.template));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("error").asText()).contains("at most one waiting task");

        JsonNode stopped = a.post(f.base + "/templates/" + f.template + "/tasks/stop_waiting", null).json();
        assertThat(stopped.get("stopped").asInt()).isEqualTo(1);
        assertThat(a.post(f.base + "/tasks", Map.of("template_id", f.template)).status()).as("one may wait again")
                .isEqualTo(201);
        assertThat(a.post(f.base + "/tasks/stop_waiting", null).json().get("stopped").asInt()).isEqualTo(1);
        assertThat(a.get(f.base + "/tasks/" + running).json().get("status").asText()).as("the running one is left alone")
                .isEqualTo("running");
        assertThat(a.post(f.base + "/tasks/" + running + "/stop", Map.of()).status()).isEqualTo(204);
        MultiNodeTaskTest.await(a, f.base, running);
    }

    @Test
    void stopWaiting_stopsEveryWaitingTaskOfTheProject_andNeedsTheRightToRunTasks() throws Exception {
        ApiClient a = server.admin();
        Fixture f = fixture(a, "stopall", "#!/bin/bash\nsleep 60 & wait\n", false);
        long running = a.post(f.base + "/tasks", Map.of("template_id", f.template)).json().get("id").asLong();
        awaitStatus(a, f.base, running, "running");
        List<Long> waiting = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            waiting.add(a.post(f.base + "/tasks", Map.of("template_id", f.template)).json().get("id").asLong());
        }
        var guest = server.newUser(false);
        assertThat(a.post(f.base + "/users", Map.of("user_id", guest.id(), "role", "guest")).status()).isEqualTo(204);
        assertThat(guest.client().post(f.base + "/tasks/stop_waiting", null).status()).isEqualTo(403);
        assertThat(a.post("/api/project/" + f.project + "/templates/999999/tasks/stop_waiting", null).status())
                .isEqualTo(404);

        assertThat(a.post(f.base + "/tasks/stop_waiting", null).json().get("stopped").asInt()).isEqualTo(5);
        for (long id : waiting) {
            assertThat(a.get(f.base + "/tasks/" + id).json().get("status").asText()).isEqualTo("stopped");
        }
        assertThat(a.post(f.base + "/tasks/" + running + "/stop", Map.of()).status()).isEqualTo(204);
        MultiNodeTaskTest.await(a, f.base, running);
    }

    static void awaitStatus(ApiClient a, String base, long id, String status) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        String now = "";
        while (System.currentTimeMillis() < deadline) {
            now = a.get(base + "/tasks/" + id).json().get("status").asText();
            if (now.equals(status)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("task " + id + " is " + now + ", not " + status);
    }

    record Fixture(int project, String base, int template, int repository) {}

    static Fixture fixture(ApiClient a, String name, String script, boolean parallel) {
        int project = createProject(a, name);
        String base = "/api/project/" + project;
        var repo = GitRepos.create(server.dir(), name + "-" + project, Map.of("job.sh", script));
        int none = a.get(base + "/keys").json().get(0).get("id").asInt();
        assertThat(a.post(base + "/repositories", Map.of("name", "r", "git_url", repo.toString(), "git_branch", "main",
                "ssh_key_id", none)).status()).isEqualTo(204);
        int repoId = a.get(base + "/repositories").json().get(0).get("id").asInt();
        ApiClient.Response t = a.post(base + "/templates", Map.of("name", "job", "app", "bash", "playbook", "job.sh",
                "repository_id", repoId, "allow_parallel_tasks", parallel));
        assertThat(t.status()).as(t.body()).isEqualTo(201);
        return new Fixture(project, base, t.json().get("id").asInt(), repoId);
    }
}
