/**
 * Task templates: {@link io.semaphore.template.TemplateService} validates and stores what a task runs (app,
 * playbook/script, arguments, repository, inventory, environment, survey vars, vaults, build/deploy pipeline).
 */
package io.semaphore.template;
