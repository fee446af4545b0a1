package io.semaphore.task.run;

import io.semaphore.task.state.Task;
import io.semaphore.template.Template;

/**
 * Which waiting tasks this node leaves to remote runners (they take them when they poll). The scheduler asks it
 * for every waiting task before claiming one; an implementation may note (once) why such a task still waits.
 */
public interface RemoteRouting {
    /** Every task runs here: no runners. */
    RemoteRouting NONE = (task, template) -> false;

    /** True when the task goes to a remote runner, not to this node. */
    boolean remote(Task task, Template template);
}
