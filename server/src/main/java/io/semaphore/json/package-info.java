/** JSON below every domain: {@link io.semaphore.json.Json#MAPPER}, the one Jackson mapping, and its helpers. */
package io.semaphore.json;
