package io.semaphore.template;

/**
 * An Ansible vault password source of a template (table {@code project__template_vault}): a password key
 * ({@code type} "password", {@code vault_key_id}) or a client script ({@code type} "script", {@code script}).
 * {@code name} is the vault id; Semaphore calls the unnamed one "default".
 */
public record TemplateVault(Integer id, Integer vaultKeyId, String name, String type, String script) {}
