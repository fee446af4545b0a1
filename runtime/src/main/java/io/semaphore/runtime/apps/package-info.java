/**
 * The apps a task runs, one class each behind the sealed {@link io.semaphore.runtime.apps.App}: ansible-playbook,
 * terraform / tofu (plan, confirmation, apply), bash, python3 and pwsh scripts. {@link io.semaphore.runtime.apps.Apps}
 * picks one by the template's app name; {@link io.semaphore.runtime.apps.AppContext} gives it the job, the checked-out
 * repository, the environment and a way to run processes. Command lines follow Semaphore UI v2.10.
 */
@NullMarked
package io.semaphore.runtime.apps;

import org.jspecify.annotations.NullMarked;
