package io.semaphore.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.semaphore.testing.ApiClient;
import io.semaphore.testing.GitRepos;
import io.semaphore.testing.ServerOnEachDatabase;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** {@code max_task_duration_sec}: a task running past it is stopped, and its log says why. */
@ServerOnEachDatabase.Config(TaskDurationLimitApiTest.TwoSeconds.class)
class TaskDurationLimitApiTest extends ServerOnEachDatabase {
    static final class TwoSeconds implements Consumer<ObjectNode> {
        @Override
        public void accept(ObjectNode c) {
            c.put("max_task_duration_sec", 2);
        }
    }

    @Test
    void aTaskPastTheLimit_isStopped_withALogLineSayingWhy() {
        ApiClient admin = server.admin();
        int project = createProject(admin, "Limits");
        String base = "/api/project/" + project;
        Path repo = GitRepos.create(server.dir(), "limit-" + project, Map.of(
                "slow.sh", "#!/bin/bash\necho started\nsleep 60 & wait\necho never\n",
                "quick.sh", "#!/bin/bash\necho quick\n"));
        int none = admin.get(base + "/keys").json().get(0).get("id").asInt();
        admin.post(base + "/repositories", Map.of("name", "r", "git_url", repo.toString(), "git_branch", "main",
                "ssh_key_id", none));
        int repository = admin.get(base + "/repositories").json().get(0).get("id").asInt();
        int slow = admin.post(base + "/templates", Map.of("name", "slow", "app", "bash", "playbook", "slow.sh",
                "repository_id", repository)).json().get("id").asInt();
        int quick = admin.post(base + "/templates", Map.of("name", "quick", "app", "bash", "playbook", "quick.sh",
                "repository_id", repository)).json().get("id").asInt();

        long quickTask = admin.post(base + "/tasks", Map.of("template_id", quick)).json().get("id").asLong();
        long slowTask = admin.post(base + "/tasks", Map.of("template_id", slow)).json().get("id").asLong();
        JsonNode q = await(admin, base, quickTask);
        JsonNode s = await(admin, base, slowTask);

        assertThat(q.get("status").asText()).isEqualTo("success");
        assertThat(s.get("status").asText()).isEqualTo("stopped");
        List<String> lines = new ArrayList<>();
        admin.get(base + "/tasks/" + slowTask + "/output").json().forEach(l -> lines.add(l.get("output").asText()));
        assertThat(lines).contains("started").doesNotContain("never")
                .anyMatch(l -> l.equals("Stopping the task: it ran longer than max_task_duration_sec (2 s)"));
    }

    private static JsonNode await(ApiClient admin, String base, long id) {
        Instant deadline = Instant.now().plusSeconds(45);
        JsonNode t = null;
        while (Instant.now().isBefore(deadline)) {
            t = admin.get(base + "/tasks/" + id).json();
            String st = t.get("status").asText();
            if (st.equals("success") || st.equals("error") || st.equals("stopped")) {
                return t;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        throw new AssertionError("task " + id + " did not finish: " + t);
    }
}
